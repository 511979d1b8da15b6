import Foundation

/// `cblas_sgemm(layout, transA, transB, m, n, k, alpha, a, lda, b, ldb, beta, c, ldc)` with 32-bit integers (LP64).
typealias CBLASSgemm = @convention(c) (
    Int32, Int32, Int32, Int32, Int32, Int32, Float, UnsafePointer<Float>?, Int32,
    UnsafePointer<Float>?, Int32, Float, UnsafeMutablePointer<Float>?, Int32
) -> Void

/// A BLAS library loaded at run time with `dlopen`, so that building needs none; single-threaded.
struct Peer {
    let name: String
    /// The library's version or the kernels it chose, when it says.
    let detail: String
    private let sgemm: CBLASSgemm

    /// Computes `C = A · B` (or `Aᵀ · B` when `A` is read column by column) `calls` times, row-major.
    func multiply(_ operands: Operands, calls: Int) {
        let p = operands.product
        let transposed = p.aColumnStride != 1
        let (rowMajor, noTranspose, transpose): (Int32, Int32, Int32) = (101, 111, 112)
        let lda = Int32(transposed ? p.aColumnStride : p.aRowStride)
        let (m, n, k) = (Int32(p.m), Int32(p.n), Int32(p.k))
        for _ in 0..<calls {
            sgemm(rowMajor, transposed ? transpose : noTranspose, noTranspose, m, n, k,
                  1, operands.a, lda, operands.b, n, 0, operands.c, n)
        }
    }

    /// Intel MKL from `SWIFTRL_BENCH_MKL` (default `~/.cache/swiftrl-peers/venv/lib/libmkl_rt.so.3`),
    /// in its sequential threading layer with one thread.
    static func mkl() -> Peer? {
        let path = ProcessInfo.processInfo.environment["SWIFTRL_BENCH_MKL"]
            ?? NSHomeDirectory() + "/.cache/swiftrl-peers/venv/lib/libmkl_rt.so.3"
        setenv("MKL_THREADING_LAYER", "SEQUENTIAL", 1)
        setenv("MKL_NUM_THREADS", "1", 1)
        guard let handle = dlopen(path, RTLD_NOW | RTLD_LOCAL), let sgemm = dlsym(handle, "cblas_sgemm") else { return nil }
        if let setThreads = dlsym(handle, "MKL_Set_Num_Threads") {
            unsafeBitCast(setThreads, to: (@convention(c) (Int32) -> Void).self)(1)
        }
        var detail = "sequential"
        if let version = dlsym(handle, "MKL_Get_Version_String") {
            var buffer = [CChar](repeating: 0, count: 256)
            unsafeBitCast(version, to: (@convention(c) (UnsafeMutablePointer<CChar>?, Int32) -> Void).self)(&buffer, 255)
            let text = buffer.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }
            detail = String(decoding: text, as: UTF8.self) + ", " + detail
        }
        return Peer(name: "MKL", detail: detail, sgemm: unsafeBitCast(sgemm, to: CBLASSgemm.self))
    }

    /// OpenBLAS (`libopenblas.so.0`) with one thread; `OPENBLAS_CORETYPE` is left as the environment sets it.
    static func openBLAS() -> Peer? {
        setenv("OPENBLAS_NUM_THREADS", "1", 1)
        guard let handle = dlopen("libopenblas.so.0", RTLD_NOW | RTLD_LOCAL),
              let sgemm = dlsym(handle, "cblas_sgemm") else { return nil }
        if let setThreads = dlsym(handle, "openblas_set_num_threads") {
            unsafeBitCast(setThreads, to: (@convention(c) (Int32) -> Void).self)(1)
        }
        var details: [String] = []
        for symbol in ["openblas_get_config", "openblas_get_corename"] {
            guard let function = dlsym(handle, symbol) else { continue }
            let text = unsafeBitCast(function, to: (@convention(c) () -> UnsafePointer<CChar>?).self)()
            if let text { details.append(String(cString: text)) }
        }
        return Peer(name: "OpenBLAS", detail: details.joined(separator: ", core "),
                    sgemm: unsafeBitCast(sgemm, to: CBLASSgemm.self))
    }
}
