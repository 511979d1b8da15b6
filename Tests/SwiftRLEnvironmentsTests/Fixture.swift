import Foundation
import SwiftRLEnvironments

/// A trajectory file written by `scripts/record_gymnasium_fixtures.py` from Gymnasium 1.4.0.
///
/// Every floating-point value is stored with Python's `float.hex()`, so it round-trips exactly;
/// float32 values are stored widened to float64, which is exact too.
struct Fixture: Decodable {
    struct Step: Decodable {
        var action: [Float]
        var observation: [Float]
        var state: [Double]
        var reward: Double
        var terminated: Bool
        var truncated: Bool
    }

    struct Episode: Decodable {
        var description: String
        var seed: UInt64
        var stateWasSet: Bool
        var initialState: [Double]
        var resetObservation: [Float]
        var steps: [Step]
    }

    var id: String
    var maxEpisodeSteps: Int
    var episodes: [Episode]

    /// Loads `Fixtures/<id>.json` from the test bundle.
    static func load(_ id: String) throws -> Fixture {
        guard let url = Bundle.module.url(forResource: id, withExtension: "json", subdirectory: "Fixtures") else {
            throw FixtureError.missing(id)
        }
        let decoder = JSONDecoder()
        decoder.keyDecodingStrategy = .convertFromSnakeCase
        return try decoder.decode(Fixture.self, from: Data(contentsOf: url))
    }
}

enum FixtureError: Error {
    case missing(String)
    case badNumber(String)
}

/// Parses `float.hex()` output, such as `-0x1.921fb54442d18p+1`.
func hexDouble(_ text: String) throws -> Double {
    guard let value = Double(text) else { throw FixtureError.badNumber(text) }
    return value
}

extension Fixture.Step {
    enum CodingKeys: String, CodingKey { case action, observation, state, reward, terminated, truncated }

    init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        // A discrete action is recorded as its index, a continuous one as float32 hex strings.
        if let indices = try? container.decode([Int].self, forKey: .action) {
            action = indices.map(Float.init)
        } else {
            action = try container.decode([String].self, forKey: .action).map { Float(try hexDouble($0)) }
        }
        observation = try container.decode([String].self, forKey: .observation).map { Float(try hexDouble($0)) }
        state = try container.decode([String].self, forKey: .state).map(hexDouble)
        reward = try hexDouble(container.decode(String.self, forKey: .reward))
        terminated = try container.decode(Bool.self, forKey: .terminated)
        truncated = try container.decode(Bool.self, forKey: .truncated)
    }
}

extension Fixture.Episode {
    enum CodingKeys: String, CodingKey {
        case description, seed, stateWasSet, initialState, resetObservation, steps
    }

    init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        description = try container.decode(String.self, forKey: .description)
        seed = try container.decode(UInt64.self, forKey: .seed)
        stateWasSet = try container.decode(Bool.self, forKey: .stateWasSet)
        initialState = try container.decode([String].self, forKey: .initialState).map(hexDouble)
        resetObservation = try container.decode([String].self, forKey: .resetObservation).map { Float(try hexDouble($0)) }
        steps = try container.decode([Fixture.Step].self, forKey: .steps)
    }
}

/// The distance in units in the last place between two floats of the same sign (0 when bit-identical).
func ulpDistance(_ a: Float, _ b: Float) -> Int {
    Int(Int32(bitPattern: a.bitPattern)) - Int(Int32(bitPattern: b.bitPattern))
}

/// The distance in units in the last place between two doubles of the same sign (0 when bit-identical).
func ulpDistance(_ a: Double, _ b: Double) -> Int64 {
    Int64(bitPattern: a.bitPattern) &- Int64(bitPattern: b.bitPattern)
}
