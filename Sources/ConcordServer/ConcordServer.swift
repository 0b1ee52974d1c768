import Concord
import Foundation
import Hummingbird
import Logging
import NIOCore

/// The HTTP face of a `SearchService`: the archive's search page, record pages and a JSON API.
///
///     GET /                     search page (`q`, `page`, `limit`, `sort`, `from`, `to`, `facet` in the URL)
///     GET /records/{id}         one whole record, the words of `?q=` highlighted
///     GET /api/search           exactly `concord search --format json` for the same options
///     GET /api/records/{id}     one record as JSON
///     GET /api/stats            `concord stats --format json`
///
/// Errors are JSON under `/api/` (`{"error": {"status", "message", "position"?}}`) and HTML pages
/// elsewhere, with their HTTP status: 400 for a bad parameter or query syntax, 404 for an unknown
/// record, 414 for a request target over 8 KiB.
public enum ConcordServer {
    /// Connections idle this long (no request, or a request that stopped arriving) are closed, so slow
    /// clients hold no more than a socket.
    public static let idleTimeout = TimeAmount.seconds(30)

    /// The routes, for tests (through HummingbirdTesting) and for `application`.
    public static func router(service: SearchService) throws -> Router<BasicRequestContext> {
        let pages = try PageRenderer()
        let routes = Routes(service: service, pages: pages)
        let router = Router()
        router.middlewares.add(SecurityMiddleware(pages: pages))
        router.get("/") { request, _ in routes.searchPage(request) }
        router.get("/records/:id") { request, context in routes.recordPage(request, id: context.parameters.get("id")) }
        router.get("/api/search") { request, _ in routes.searchAPI(request) }
        router.get("/api/records/:id") { request, context in routes.recordAPI(id: context.parameters.get("id")) }
        router.get("/api/stats") { _, _ in routes.statsAPI() }
        return router
    }

    /// The server on `host`:`port` (port 0 picks a free port); `onRunning` receives the URL it listens on.
    /// Run it with `runService()`, which stops cleanly on SIGINT and SIGTERM.
    public static func application(service: SearchService, host: String = "127.0.0.1", port: Int = 8080,
                                   logger: Logger? = nil,
                                   onRunning: @escaping @Sendable (String) -> Void = { _ in }) throws -> some ApplicationProtocol {
        var quiet = Logger(label: "concord-server")
        quiet.logLevel = .warning
        return Application(
            router: try router(service: service),
            server: .http1(configuration: .init(
                idleTimeout: idleTimeout,
                httpDecoderConfiguration: .init(maxHeaderFieldSize: 16 * 1024, maxHeaderListSize: 32 * 1024, maxHeaderFieldCount: 100))),
            configuration: .init(address: .hostname(host, port: port), serverName: "Concord"),
            onServerRunning: { channel in
                let port = channel.localAddress?.port ?? port
                let shownHost = host.contains(":") ? "[\(host)]" : host
                onRunning("http://\(shownHost):\(port)/")
            },
            logger: logger ?? quiet
        )
    }
}
