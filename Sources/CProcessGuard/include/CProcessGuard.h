#ifndef CPROCESSGUARD_H
#define CPROCESSGUARD_H

/// Makes the process undumpable: no core file, no ptrace or /proc/PID/mem by other
/// processes of the same user (prctl is variadic, so Swift cannot call it directly).
/// Returns 0 on success, -1 with errno set.
int carnet_forbid_dumps(void);

#endif
