import CarnetFHIR
import Foundation

/// One input: any bytes must give a plan or a FHIRError, never a crash.
func fuzzOne(_ start: UnsafePointer<UInt8>?, _ count: Int) -> CInt {
    guard let start else { return 0 }
    _ = try? FHIRReader.read(Data(bytes: start, count: count), file: "fuzz.json")
    return 0
}

@_cdecl("LLVMFuzzerTestOneInput")
public func LLVMFuzzerTestOneInput(_ start: UnsafePointer<UInt8>?, _ count: Int) -> CInt { fuzzOne(start, count) }

// SwiftPM links an executable's entry point as `<target>_main`; libFuzzer's own driver is
// reached through LLVMFuzzerRunDriver, so the fuzzer runs from `swift build`'s product.
@_silgen_name("LLVMFuzzerRunDriver")
func LLVMFuzzerRunDriver(_ argc: UnsafeMutablePointer<CInt>,
                         _ argv: UnsafeMutablePointer<UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?>,
                         _ callback: @convention(c) (UnsafePointer<UInt8>?, Int) -> CInt) -> CInt

@_cdecl("FHIRImportFuzzer_main")
public func fuzzerMain(_ argc: CInt, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?) -> CInt {
    var argc = argc
    var argv = argv
    return LLVMFuzzerRunDriver(&argc, &argv) { start, count in fuzzOne(start, count) }
}
