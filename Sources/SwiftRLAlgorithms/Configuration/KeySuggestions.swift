/// Close matches for a mistyped configuration key, by edit distance.
package enum KeySuggestions {
    /// The known keys nearest to `key`: those at the smallest edit distance from the whole dotted
    /// path or, failing that, whose last component is nearest to `key`'s (so `hiden_sizes` finds
    /// `actor.hidden_sizes`).
    package static func suggestions(for key: String, among knownKeys: [String]) -> [String] {
        let threshold = max(1, min(3, key.count / 3))
        let whole = nearest(to: key, among: knownKeys, threshold: threshold) { $0 }
        if !whole.isEmpty { return whole }
        return nearest(to: key, among: knownKeys, threshold: threshold) { $0.split(separator: ".").last.map(String.init) ?? $0 }
    }

    private static func nearest(
        to key: String, among knownKeys: [String], threshold: Int, comparing part: (String) -> String
    ) -> [String] {
        let distances = knownKeys.map { (key: $0, distance: editDistance(part(key), part($0))) }
        guard let best = distances.map(\.distance).min(), best <= threshold else { return [] }
        return Array(distances.filter { $0.distance == best }.map(\.key).prefix(3))
    }

    /// The number of single-character insertions, deletions, substitutions and adjacent
    /// transpositions that turn `a` into `b` (optimal string alignment distance).
    package static func editDistance(_ a: String, _ b: String) -> Int {
        let a = Array(a), b = Array(b)
        if a.isEmpty || b.isEmpty { return max(a.count, b.count) }
        var table = [[Int]](repeating: [Int](repeating: 0, count: b.count + 1), count: a.count + 1)
        for i in 0...a.count { table[i][0] = i }
        for j in 0...b.count { table[0][j] = j }
        for i in 1...a.count {
            for j in 1...b.count {
                let cost = a[i - 1] == b[j - 1] ? 0 : 1
                table[i][j] = min(table[i - 1][j] + 1, table[i][j - 1] + 1, table[i - 1][j - 1] + cost)
                if i > 1, j > 1, a[i - 1] == b[j - 2], a[i - 2] == b[j - 1] {
                    table[i][j] = min(table[i][j], table[i - 2][j - 2] + 1)
                }
            }
        }
        return table[a.count][b.count]
    }
}
