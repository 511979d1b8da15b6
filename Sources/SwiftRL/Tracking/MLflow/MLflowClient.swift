import Foundation
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif

/// Blocking calls to an MLflow tracking server's REST API (`/api/2.0/mlflow/…`) and its artifact
/// proxy (`/api/2.0/mlflow-artifacts/artifacts/…`), each with a short timeout: `http://` servers
/// through ``PlainHTTP``, `https://` ones through Foundation's `URLSession`. Meant for a background
/// thread: every call waits for its answer.
struct MLflowClient: Sendable {
    /// A metric value as `runs/log-batch` takes it.
    struct Metric: Sendable, Hashable, Encodable {
        var key: String
        var value: Double
        /// Milliseconds since 1970.
        var timestamp: Int64
        var step: Int64
    }

    /// A parameter or tag.
    struct Entry: Sendable, Hashable, Encodable {
        var key: String
        var value: String
    }

    /// A created run.
    struct Run: Sendable, Hashable {
        var id: String
        /// Where its artifacts go, such as `mlflow-artifacts:/1/<run id>/artifacts`.
        var artifactURI: String
    }

    /// The most entries `runs/log-batch` takes: 1,000 metrics, 100 parameters, 100 tags.
    static let batchLimits = (metrics: 1000, parameters: 100, tags: 100)
    /// MLflow's limits on a parameter's key and value (characters).
    static let parameterLimits = (key: 250, value: 6000)

    /// The server, such as `http://127.0.0.1:5000`.
    let server: URL
    /// Seconds a request may take.
    let timeout: TimeInterval
    /// For `https://` servers only.
    private let session: URLSession?

    /// A client of `server` whose requests time out after `timeout` seconds.
    init(server: URL, timeout: TimeInterval) {
        self.server = server
        self.timeout = timeout
        if server.scheme?.lowercased() == "http" {
            session = nil
        } else {
            let configuration = URLSessionConfiguration.ephemeral
            configuration.timeoutIntervalForRequest = timeout
            configuration.timeoutIntervalForResource = timeout
            session = URLSession(configuration: configuration)
        }
    }

    /// The ID of the experiment called `name`, created if there is none.
    func experimentID(named name: String) throws(MLflowError) -> String {
        struct Found: Decodable { struct Experiment: Decodable { var experiment_id: String }; var experiment: Experiment }
        struct Created: Decodable { var experiment_id: String }
        do {
            return try decode(Found.self, from: send("GET", "mlflow/experiments/get-by-name", query: ["experiment_name": name]))
                .experiment.experiment_id
        } catch .rejected(_, "RESOURCE_DOES_NOT_EXIST", _) {}
        do {
            return try decode(Created.self, from: send("POST", "mlflow/experiments/create", json: ["name": name])).experiment_id
        } catch .rejected(_, "RESOURCE_ALREADY_EXISTS", _) {  // made meanwhile by another client
            return try decode(Found.self, from: send("GET", "mlflow/experiments/get-by-name", query: ["experiment_name": name]))
                .experiment.experiment_id
        }
    }

    /// Creates a run in experiment `experimentID`, started at `startTime` (ms since 1970).
    func createRun(experimentID: String, name: String, startTime: Int64, tags: [Entry]) throws(MLflowError) -> Run {
        struct Body: Encodable { var experiment_id: String; var run_name: String; var start_time: Int64; var tags: [Entry] }
        struct Created: Decodable {
            struct Run: Decodable { struct Info: Decodable { var run_id: String; var artifact_uri: String }; var info: Info }
            var run: Run
        }
        let body = Body(experiment_id: experimentID, run_name: name, start_time: startTime, tags: tags)
        let info = try decode(Created.self, from: send("POST", "mlflow/runs/create", json: body)).run.info
        return Run(id: info.run_id, artifactURI: info.artifact_uri)
    }

    /// Logs metrics, parameters and tags in `runs/log-batch` requests within ``batchLimits``.
    func logBatch(runID: String, metrics: [Metric] = [], parameters: [Entry] = [], tags: [Entry] = []) throws(MLflowError) {
        struct Body: Encodable { var run_id: String; var metrics: [Metric] = []; var params: [Entry] = []; var tags: [Entry] = [] }
        for chunk in Self.chunks(metrics, of: Self.batchLimits.metrics) {
            _ = try send("POST", "mlflow/runs/log-batch", json: Body(run_id: runID, metrics: chunk))
        }
        for chunk in Self.chunks(parameters, of: Self.batchLimits.parameters) {
            _ = try send("POST", "mlflow/runs/log-batch", json: Body(run_id: runID, params: chunk))
        }
        for chunk in Self.chunks(tags, of: Self.batchLimits.tags) {
            _ = try send("POST", "mlflow/runs/log-batch", json: Body(run_id: runID, tags: chunk))
        }
    }

    private static func chunks<Element>(_ elements: [Element], of size: Int) -> [[Element]] {
        stride(from: 0, to: elements.count, by: size).map { Array(elements[$0..<min($0 + size, elements.count)]) }
    }

    /// Sets the run's status (`FINISHED`, `FAILED`, `KILLED`) and end time (ms since 1970).
    func updateRun(runID: String, status: String, endTime: Int64) throws(MLflowError) {
        struct Body: Encodable { var run_id: String; var status: String; var end_time: Int64 }
        _ = try send("POST", "mlflow/runs/update", json: Body(run_id: runID, status: status, end_time: endTime))
    }

    /// Uploads `data` as the artifact `name` of a run whose artifact URI is `artifactURI`, through
    /// the server's artifact proxy (`mlflow server --serve-artifacts`, the default): an
    /// `mlflow-artifacts:/PATH` URI is uploaded with `PUT /api/2.0/mlflow-artifacts/artifacts/PATH/NAME`.
    /// - Throws: ``MLflowError/unexpectedResponse(_:)`` for any other kind of artifact URI.
    func uploadArtifact(artifactURI: String, name: String, data: Data) throws(MLflowError) {
        guard let components = URLComponents(string: artifactURI), components.scheme == "mlflow-artifacts" else {
            throw .unexpectedResponse("the run's artifact URI '\(artifactURI.prefix(200))' is not served by the tracking server (start it with --serve-artifacts)")
        }
        let path = components.path.split(separator: "/").map(String.init) + [name]
        _ = try send("PUT", (["mlflow-artifacts", "artifacts"] + path).joined(separator: "/"), body: data,
                     contentType: "application/octet-stream")
    }

    private func send(_ method: String, _ endpoint: String, json: some Encodable) throws(MLflowError) -> Data {
        let body: Data
        do {
            body = try JSONEncoder().encode(json)
        } catch {
            throw .unexpectedResponse("cannot encode the request: \(error)")
        }
        return try send(method, endpoint, body: body, contentType: "application/json")
    }

    private func send(_ method: String, _ endpoint: String, query: [String: String] = [:], body: Data? = nil,
                      contentType: String? = nil) throws(MLflowError) -> Data {
        var components = URLComponents(url: server.appendingPathComponent("api/2.0/" + endpoint), resolvingAgainstBaseURL: false)
        let allowed = CharacterSet.alphanumerics.union(CharacterSet(charactersIn: "-._~"))
        if !query.isEmpty {
            components?.percentEncodedQuery = query.map { key, value in
                "\(key)=\(value.addingPercentEncoding(withAllowedCharacters: allowed) ?? "")"
            }.joined(separator: "&")
        }
        guard let url = components?.url else { throw .unexpectedResponse("cannot make a URL for \(endpoint)") }
        let response = if let session {
            try exchange(through: session, method, url, body: body, contentType: contentType)
        } else {
            try PlainHTTP.exchange(method, url, body: body, contentType: contentType, timeout: timeout)
        }
        guard (200..<300).contains(response.status) else {
            struct Failure: Decodable { var error_code: String?; var message: String? }
            let failure = try? JSONDecoder().decode(Failure.self, from: response.body)
            throw .rejected(status: response.status, code: failure?.error_code ?? "",
                            message: failure?.message ?? String(decoding: response.body.prefix(200), as: UTF8.self))
        }
        return response.body
    }

    /// An `https://` exchange through `URLSession` (``PlainHTTP`` says why `http://` goes without it).
    private func exchange(through session: URLSession, _ method: String, _ url: URL, body: Data?,
                          contentType: String?) throws(MLflowError) -> PlainHTTP.Response {
        var request = URLRequest(url: url, timeoutInterval: timeout)
        request.httpMethod = method
        request.httpBody = body
        if let contentType { request.setValue(contentType, forHTTPHeaderField: "Content-Type") }
        let answer = Answer()
        let task = session.dataTask(with: request) { data, response, error in
            answer.set(data: data, response: response, error: error)
        }
        task.resume()
        let (data, response, error) = answer.wait()
        if let error { throw MLflowError(transportError: error, timeout: timeout) }
        guard let response = response as? HTTPURLResponse else { throw .unexpectedResponse("not HTTP") }
        return PlainHTTP.Response(status: response.statusCode, body: data ?? Data())
    }

    private func decode<Value: Decodable>(_ type: Value.Type, from data: Data) throws(MLflowError) -> Value {
        do {
            return try JSONDecoder().decode(type, from: data)
        } catch {
            throw .unexpectedResponse("not the JSON MLflow answers (\(String(decoding: data.prefix(100), as: UTF8.self)))")
        }
    }
}

/// The outcome of one `URLSession` task, handed from its completion handler to the waiting thread.
private final class Answer: @unchecked Sendable {
    private let condition = NSCondition()
    private var outcome: (Data?, URLResponse?, (any Error)?)?

    func set(data: Data?, response: URLResponse?, error: (any Error)?) {
        condition.lock()
        outcome = (data, response, error)
        condition.signal()
        condition.unlock()
    }

    func wait() -> (Data?, URLResponse?, (any Error)?) {
        condition.lock()
        defer { condition.unlock() }
        while outcome == nil { condition.wait() }
        return outcome!
    }
}
