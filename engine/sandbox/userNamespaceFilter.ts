// A seccomp filter, handed to bubblewrap with `--seccomp`, that stops code in the sandbox from creating user
// namespaces (unshare or clone with CLONE_NEWUSER): inside one, `unshare -r` gives uid 0 and with it kernel
// surfaces an unprivileged process should not reach. Written as classic BPF by hand, so no libseccomp is needed.

const loadWord = 0x20; // BPF_LD | BPF_W | BPF_ABS
const jumpIfEqual = 0x15; // BPF_JMP | BPF_JEQ | BPF_K
const jumpIfAtLeast = 0x35; // BPF_JMP | BPF_JGE | BPF_K
const jumpIfAnyBit = 0x45; // BPF_JMP | BPF_JSET | BPF_K
const returnValue = 0x06; // BPF_RET | BPF_K
const allow = 0x7fff0000;
const errno = (number: number) => 0x00050000 | number;
const EPERM = 1;
const ENOSYS = 38;
const cloneNewUser = 0x10000000;
const x32Bit = 0x40000000;

interface SyscallNumbers {
    audit: number;
    clone: number;
    unshare: number;
    clone3: number;
}

const architectures: Partial<Record<NodeJS.Architecture, SyscallNumbers>> = {
    x64: { audit: 0xc000003e, clone: 56, unshare: 272, clone3: 435 },
    arm64: { audit: 0xc00000b7, clone: 220, unshare: 97, clone3: 435 }
};

/**
 * The filter for this machine's architecture, as `struct sock_filter[]` bytes, or undefined where Ponder does not
 * know the system call numbers (the run then relies on the kernel's own settings). Syscalls of another ABI (32-bit
 * `int 0x80`, x32) fail with ENOSYS, as they could reach the same calls under other numbers; clone3 fails with ENOSYS
 * too, as its flags sit in memory a filter cannot read, and the C library then falls back to clone.
 */
export function userNamespaceFilter(arch: NodeJS.Architecture = process.arch): Buffer | undefined {
    const numbers = architectures[arch];
    if (!numbers) return undefined;
    const program: [number, number, number, number][] = [
        [loadWord, 0, 0, 4], // 0: the syscall's architecture
        [jumpIfEqual, 1, 0, numbers.audit], // 1
        [returnValue, 0, 0, errno(ENOSYS)], // 2: another ABI
        [loadWord, 0, 0, 0], // 3: the syscall number
        [jumpIfAtLeast, 0, 1, x32Bit], // 4
        [returnValue, 0, 0, errno(ENOSYS)], // 5: x32
        [jumpIfEqual, 0, 1, numbers.clone3], // 6
        [returnValue, 0, 0, errno(ENOSYS)], // 7: clone3
        [jumpIfEqual, 1, 0, numbers.unshare], // 8
        [jumpIfEqual, 0, 3, numbers.clone], // 9
        [loadWord, 0, 0, 16], // 10: the flags (first argument, low word)
        [jumpIfAnyBit, 0, 1, cloneNewUser], // 11
        [returnValue, 0, 0, errno(EPERM)], // 12: a new user namespace
        [returnValue, 0, 0, allow] // 13
    ];
    const bytes = Buffer.alloc(program.length * 8);
    program.forEach(([code, ifTrue, ifFalse, value], index) => {
        bytes.writeUInt16LE(code, index * 8);
        bytes.writeUInt8(ifTrue, index * 8 + 2);
        bytes.writeUInt8(ifFalse, index * 8 + 3);
        bytes.writeUInt32LE(value >>> 0, index * 8 + 4);
    });
    return bytes;
}
