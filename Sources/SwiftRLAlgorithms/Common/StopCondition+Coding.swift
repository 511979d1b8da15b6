/// `{kind: plateaus, metric: returns/mean, relative_tolerance: 0.05, patience: 5}` and the like; a
/// key the kind does not take is refused rather than ignored.
extension StopCondition: Codable {
    private enum Kind: String, Codable, CaseIterable {
        case steps, wallClock = "wall_clock", targetReturn = "target_return", plateaus
        case upperBound = "upper_bound", lowerBound = "lower_bound"

        var keys: Set<String> {
            switch self {
            case .steps: ["kind", "steps"]
            case .wallClock: ["kind", "seconds"]
            case .targetReturn: ["kind", "value"]
            case .plateaus: ["kind", "metric", "relative_tolerance", "patience"]
            case .upperBound, .lowerBound: ["kind", "metric", "value"]
            }
        }
    }

    private enum CodingKeys: String, CodingKey {
        case kind, steps, seconds, value, metric, relativeTolerance = "relative_tolerance", patience
    }

    private struct AnyKey: CodingKey {
        var stringValue: String
        var intValue: Int? { nil }
        init(stringValue: String) { self.stringValue = stringValue }
        init?(intValue: Int) { nil }
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        let kinds = "one of " + Kind.allCases.map(\.rawValue).joined(separator: ", ")
        guard let name = try container.decodeIfPresent(String.self, forKey: .kind) else {
            let requirement = ConfigurationRequirement("\(kinds), as in {kind: target_return, value: 475}")
            throw DecodingError.keyNotFound(CodingKeys.kind, .init(
                codingPath: decoder.codingPath, debugDescription: requirement.text, underlyingError: requirement))
        }
        guard let kind = Kind(rawValue: name) else {
            throw DecodingError.dataCorrupted(.init(codingPath: decoder.codingPath + [CodingKeys.kind],
                                                    debugDescription: kinds, underlyingError: ConfigurationRequirement(kinds)))
        }
        for key in try decoder.container(keyedBy: AnyKey.self).allKeys where !kind.keys.contains(key.stringValue) {
            throw DecodingError.dataCorrupted(.init(codingPath: decoder.codingPath + [key],
                                                    debugDescription: "unknown key"))
        }
        switch kind {
        case .steps: self = .steps(try container.decode(Int.self, forKey: .steps))
        case .wallClock: self = .wallClock(seconds: try container.decode(Double.self, forKey: .seconds))
        case .targetReturn: self = .targetReturn(try container.decode(Double.self, forKey: .value))
        case .plateaus:
            self = .plateaus(metric: try container.decode(String.self, forKey: .metric),
                             relativeTolerance: try container.decodeIfPresent(Double.self, forKey: .relativeTolerance) ?? 1e-3,
                             patience: try container.decodeIfPresent(Int.self, forKey: .patience) ?? 5)
        case .upperBound:
            self = .upperBound(metric: try container.decode(String.self, forKey: .metric),
                               value: try container.decode(Double.self, forKey: .value))
        case .lowerBound:
            self = .lowerBound(metric: try container.decode(String.self, forKey: .metric),
                               value: try container.decode(Double.self, forKey: .value))
        }
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        switch self {
        case .steps(let steps):
            try container.encode(Kind.steps, forKey: .kind)
            try container.encode(steps, forKey: .steps)
        case .wallClock(let seconds):
            try container.encode(Kind.wallClock, forKey: .kind)
            try container.encode(seconds, forKey: .seconds)
        case .targetReturn(let value):
            try container.encode(Kind.targetReturn, forKey: .kind)
            try container.encode(value, forKey: .value)
        case .plateaus(let metric, let tolerance, let patience):
            try container.encode(Kind.plateaus, forKey: .kind)
            try container.encode(metric, forKey: .metric)
            try container.encode(tolerance, forKey: .relativeTolerance)
            try container.encode(patience, forKey: .patience)
        case .upperBound(let metric, let value):
            try container.encode(Kind.upperBound, forKey: .kind)
            try container.encode(metric, forKey: .metric)
            try container.encode(value, forKey: .value)
        case .lowerBound(let metric, let value):
            try container.encode(Kind.lowerBound, forKey: .kind)
            try container.encode(metric, forKey: .metric)
            try container.encode(value, forKey: .value)
        }
    }
}
