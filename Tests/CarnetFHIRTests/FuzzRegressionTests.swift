import CarnetFHIR
import Foundation
import Testing

@Suite("Fuzz regressions")
struct FuzzRegressionTests {
    static let folder = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("FuzzRegressions")
    static let inputs = ((try? FileManager.default.contentsOfDirectory(atPath: folder.path)) ?? []).filter { $0 != "README.md" }.sorted()

    @Test("every saved input gives a plan or one FHIRError naming the file, never a crash", arguments: inputs)
    func replay(_ name: String) throws {
        let data = try Data(contentsOf: FuzzRegressionTests.folder.appendingPathComponent(name))
        do {
            _ = try FHIRReader.read(data, file: name)
        } catch let error as FHIRError {
            #expect(error.file == name && error.path.hasPrefix("$"))
        }
    }

    @Test("the saved inputs are there to replay")
    func present() { #expect(FuzzRegressionTests.inputs.count >= 10) }
}
