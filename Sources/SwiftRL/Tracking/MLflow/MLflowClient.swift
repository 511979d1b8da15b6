import AsyncHTTPClient
import Foundation
import NIOCore
import NIOHTTP1
import NIOPosix

/// Blocking calls to an MLflow tracking server's REST API (`/api/2.0/mlflow/…`) and its artifact
/// proxy (`/api/2.0/mlflow-artifacts/artifacts/…`) through AsyncHTTPClient (`http://` and
/// `https://`), each within a short timeout. Meant for a background thread: every call waits for
/// its answer. ``shutDown()`` closes its connections and stops its event-loop thread.
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

    /// The largest answer read (4 MiB; MLflow's answers to SwiftRL's requests are small).
    static let responseLimit = 4 << 20

    /// The server, such as `http://127.0.0.1:5000`.
    let server: URL
    /// Seconds a request may take, from connecting to the answer's last byte.
    let timeout: TimeInterval
    private let timeLimit: TimeAmount
    /// The one event-loop thread the HTTP client runs on.
    private let eventLoops: MultiThreadedEventLoopGroup
    private let http: HTTPClient

    /// A client of `server` whose requests time out after `timeout` seconds.
    init(server: URL, timeout: TimeInterval) {
        self.server = server
        self.timeout = timeout
        timeLimit = .milliseconds(Int64((timeout * 1000).rounded()))
        var configuration = HTTPClient.Configuration(timeout: .init(connect: timeLimit, read: timeLimit))
        // A refused connection fails the request at once (else AHC retries until the deadline).
        configuration.connectionPool.retryConnectionEstablishment = false
        eventLoops = MultiThreadedEventLoopGroup(numberOfThreads: 1)
        http = HTTPClient(eventLoopGroup: eventLoops, configuration: configuration)
    }

    /// Closes the client's connections and stops its thread; call it once, off the event loop,
    /// when no request is in flight.
    func shutDown() {
        try? http.syncShutdown()
        try? eventLoops.syncShutdownGracefully()
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
        let (status, answer) = try exchange(method, url, body: body, contentType: contentType)
        guard (200..<300).contains(status) else {
            struct Failure: Decodable { var error_code: String?; var message: String? }
            let failure = try? JSONDecoder().decode(Failure.self, from: answer)
            throw .rejected(status: status, code: failure?.error_code ?? "",
                            message: failure?.message ?? String(decoding: answer.prefix(200), as: UTF8.self))
        }
        return answer
    }

    /// One request, waited for on the calling thread: the answer's status and body.
    private func exchange(_ method: String, _ url: URL, body: Data?,
                          contentType: String?) throws(MLflowError) -> (status: Int, body: Data) {
        do {
            var headers = HTTPHeaders([("Accept", "application/json")])
            if let contentType { headers.add(name: "Content-Type", value: contentType) }
            let request = try HTTPClient.Request(url: url, method: .init(rawValue: method), headers: headers,
                                                 body: body.map { .bytes($0) })
            let response = try http.execute(request: request,
                                            delegate: ResponseAccumulator(request: request, maxBodySize: Self.responseLimit),
                                            deadline: .now() + timeLimit).futureResult.wait()
            return (Int(response.status.code), response.body.map { Data($0.readableBytesView) } ?? Data())
        } catch {
            throw MLflowError(transportError: error, timeout: timeout)
        }
    }

    private func decode<Value: Decodable>(_ type: Value.Type, from data: Data) throws(MLflowError) -> Value {
        do {
            return try JSONDecoder().decode(type, from: data)
        } catch {
            throw .unexpectedResponse("not the JSON MLflow answers (\(String(decoding: data.prefix(100), as: UTF8.self)))")
        }
    }
}
