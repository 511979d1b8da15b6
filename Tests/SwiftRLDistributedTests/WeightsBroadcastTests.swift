import Foundation
import Testing
@testable import SwiftRLDistributed

@Suite struct WeightsBroadcastTests {
    private static func weights(version: UInt64, byte: UInt8 = 1) -> WeightsMessage {
        var message = WeightsMessage()
        message.version = version
        message.safetensors = Data([byte])
        return message
    }

    @Test func handsNewerVersionsToWatchersAndRefusesOlderOnes() async {
        let broadcast = WeightsBroadcast(latest: nil)
        let (latest, updates) = broadcast.watch()
        #expect(latest == nil)
        #expect(broadcast.publishIfNewer(Self.weights(version: 1)) == nil)
        #expect(broadcast.publishIfNewer(Self.weights(version: 2)) == nil)
        #expect(broadcast.publishIfNewer(Self.weights(version: 1)) == 2, "an older version is refused")
        #expect(broadcast.publishIfNewer(Self.weights(version: 2, byte: 9)) == 2, "another payload under the latest version is refused")
        #expect(broadcast.latest == Self.weights(version: 2))
        broadcast.close()
        var seen = [UInt64]()
        for await weights in updates { seen.append(weights.version) }
        #expect(seen == [2], "a watcher that has not read keeps only the newest version")
    }

    @Test func acceptsTheLatestVersionAgainWithoutHandingItOutTwice() async {
        let broadcast = WeightsBroadcast(latest: Self.weights(version: 4))
        let (latest, updates) = broadcast.watch()
        #expect(latest?.version == 4)
        #expect(broadcast.publishIfNewer(Self.weights(version: 4)) == nil, "a retried publication is accepted")
        broadcast.close()
        var seen = [UInt64]()
        for await weights in updates { seen.append(weights.version) }
        #expect(seen.isEmpty)
    }
}
