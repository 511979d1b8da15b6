import Foundation
@testable import SwiftRL
import Testing

/// The answers `PlainHTTP` reads: whole, chunked, and the ones it refuses.
@Suite("Plain HTTP answers")
struct PlainHTTPTests {
    private func parse(_ text: String) throws -> PlainHTTP.Response {
        try PlainHTTP.parse(Data(text.utf8))
    }

    @Test func lengthAndChunkedBodiesAreRead() throws {
        #expect(try parse("HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\n{}") == .init(status: 200, body: Data("{}".utf8)))
        #expect(try parse("HTTP/1.0 404 Not Found\r\n\r\n{\"error_code\": 1}").body == Data("{\"error_code\": 1}".utf8))
        let chunked = "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n4\r\n{\"a\"\r\n3;x=y\r\n: 1\r\n1\r\n}\r\n0\r\n\r\n"
        #expect(try parse(chunked).body == Data("{\"a\": 1}".utf8))
    }

    @Test(arguments: [
        ("", "the connection closed without an answer"),
        ("HTTP/1.1 200 OK\r\nContent-Length: 2\r\n", "an answer without HTTP headers"),
        ("SSH-2.0-OpenSSH\r\n\r\n", "not HTTP/1.x"),
        ("HTTP/1.1 999 Odd\r\n\r\n", "not HTTP/1.x"),
        ("HTTP/1.1 200 OK\r\nContent-Length: 5\r\n\r\n{}", "shorter than its Content-Length"),
        ("HTTP/1.1 200 OK\r\nContent-Length: -1\r\n\r\n{}", "shorter than its Content-Length"),
        ("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\n", "malformed chunked"),
        ("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\nffff\r\n{}", "malformed chunked"),
    ])
    func malformedAnswersAreRefused(answer: String, problem: String) {
        #expect {
            _ = try parse(answer)
        } throws: { error in
            "\(error)".contains(problem)
        }
    }
}
