import Foundation
import Testing
@testable import SwiftRLDistributed

@Suite struct RoleTokenTests {
    @Test func matchesEachRoleByItsTokenOnly() {
        let worker = RoleToken.generate(), trainer = RoleToken.generate()
        #expect(worker != trainer)
        #expect(RoleToken.isWellFormed(worker.text))
        let verifier = TokenVerifier(digests: [.worker: worker.digest, .trainer: trainer.digest])
        #expect(verifier.role(authorization: "Bearer \(worker.text)") == .worker)
        #expect(verifier.role(authorization: "Bearer \(trainer.text)") == .trainer)
        #expect(verifier.role(authorization: worker.text) == nil, "the scheme is required")
        #expect(verifier.role(authorization: "Bearer \(RoleToken.generate().text)") == nil)
        #expect(verifier.role(authorization: nil) == nil)
    }

    @Test func rolesMayCallOnlyTheirMethods() {
        #expect(Role.worker.allowedMethods == ["SendSamples", "WatchWeights"])
        #expect(!Role.worker.allowedMethods.contains("PublishWeights"))
        #expect(Role.trainer.allowedMethods.contains("PublishWeights"))
        #expect(!Role.trainer.allowedMethods.contains("SendSamples"))
        #expect(Role.admin.allowedMethods.contains("Status"))
    }

    @Test func credentialsHoldTokensTheRelayKnowsOnlyByDigest() throws {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("creds-\(UUID().uuidString)").path
        defer { try? FileManager.default.removeItem(atPath: path) }
        let directory = try CredentialsDirectory.create(at: path, hosts: ["localhost", "127.0.0.1"])
        let verifier = try directory.tokenVerifier()
        for role in Role.allCases {
            let token = try RoleToken(contentsOf: directory.tokenURL(role))
            #expect(verifier.role(authorization: "Bearer \(token.text)") == role)
            let mode = try FileManager.default.attributesOfItem(atPath: directory.tokenURL(role).path)[.posixPermissions] as? Int
            #expect(mode == 0o600)
        }
        let digests = try String(contentsOf: directory.tokenDigestsURL, encoding: .utf8)
        let workerToken = try RoleToken(contentsOf: directory.tokenURL(.worker))
        #expect(!digests.contains(workerToken.text))
        #expect(throws: CredentialsError.self) { try CredentialsDirectory.create(at: path, hosts: ["localhost"]) }
    }
}
