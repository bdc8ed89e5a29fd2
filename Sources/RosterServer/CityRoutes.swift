import Foundation
import Hummingbird
import RosterCore
import RosterIntake
import RosterRun

/// `/city`: every district's latest submission, the people two districts claim, and the batch
/// run from the latest submissions (the same code path as `roster run --from-intake`).
extension IntakeServer {
    struct RunForm: Decodable, CSRFCarrying {
        var csrf: String
        var date: String?
    }

    func addCityRoutes(_ router: Router<IntakeContext>) {
        router.get("/city") { _, context -> Response in
            try cityPage(try citySession(context), error: nil)
        }
        router.get("/city/claims") { _, context -> Response in
            let s = try citySession(context)
            let (store, checker) = (self.store, self.checker)
            let claims = try await checks.run { try store.crossDistrictClaims(checker: checker) }
            let values: [String: Any] = [
                "claims": claims.map { c in
                    [
                        "maskedId": c.maskedId, "name": c.name,
                        "places": c.places.map { ["district": $0.district, "submission": $0.submission, "row": $0.row] as [String: Any] },
                    ] as [String: Any]
                }
            ]
            return pages.render("claims", title: "重复申报", session: s, values)
        }
        router.post("/city/run") { request, context -> Response in
            let s = try citySession(context)
            let f = try await form(RunForm.self, request, context, session: s)
            let date = f.date.flatMap { $0.isEmpty ? nil : $0 }
            if let d = date, SimpleDate(iso: d) == nil {
                return try cityPage(s, error: "发放日期“\(d)”不是有效日期（YYYY-MM-DD）", status: .badRequest)
            }
            return try await runBatch(s, date: date)
        }
    }

    /// The session of the city's account; 403 for a district's.
    func citySession(_ context: IntakeContext) throws -> IntakeSession {
        let s = try signedIn(context)
        guard s.account.role == .city else { throw HTTPError(.forbidden, message: "此页面只供市总工会使用") }
        return s
    }

    func cityPage(_ s: IntakeSession, error: String?, status: HTTPResponse.Status = .ok) throws -> Response {
        let latest = Dictionary(try store.latest(districts: checker.districts).map { ($0.district, $0) }, uniquingKeysWith: { $0.id > $1.id ? $0 : $1 })
        var rows: [[String: Any]] = []
        var totals = (rows: 0, passed: 0, returned: 0, fen: Int64(0), sent: 0)
        for d in checker.districts.names {
            guard let sub = latest[d] else {
                rows.append(["district": d, "status": "missing", "statusLabel": "未报送"])
                continue
            }
            rows.append(Pages.figures(sub))
            totals.rows += sub.result.rows
            totals.passed += sub.result.passed
            totals.returned += sub.result.returned
            totals.fen += Money(decimal: sub.result.passedYuan.replacingOccurrences(of: ",", with: ""))?.fen ?? 0
            totals.sent += 1
        }
        var values: [String: Any] = [
            "programme": checker.program.title, "districts": rows, "sentCount": totals.sent, "totalRows": totals.rows,
            "totalPassed": totals.passed, "totalReturned": totals.returned, "totalPassedYuan": Money(fen: totals.fen).groupedString,
        ]
        if let error { values["error"] = error }
        return pages.render("city", title: "各区县报送情况", session: s, values, status: status)
    }

    /// Runs the batch into `batches/<n>` with the intake's ledger.
    func runBatch(_ s: IntakeSession, date: String?) async throws -> Response {
        let (store, configuration, runs) = (self.store, self.configuration, self.runs)
        let account = s.account.name
        do {
            // One batch at a time, into the next free number (a double click waits its turn).
            let (n, summary) = try await checks.run {
                try runs.withLock { _ in
                    let n = IntakeBatch.nextNumber(in: store.folder + "/batches")
                    let summary = try IntakeBatch.run(
                        store: store, configuration: configuration, account: account, out: store.folder + "/batches/\(n)",
                        bankTemplates: ["cn-batch-gbk", "pain.001.001.09"], date: date)
                    return (n, summary)
                }
            }
            let values: [String: Any] = [
                "batchId": summary.batchId ?? "（无：没有可发放的行）", "out": "batches/\(n)", "rows": summary.rows, "paidCount": summary.paid.count,
                "paidYuan": summary.paid.amount.groupedString, "returnedCount": summary.returned.count, "alreadyPaid": summary.alreadyPaid.count,
            ]
            return pages.render("ran", title: "发放批次", session: s, values)
        } catch let e as RunError {
            return try cityPage(s, error: "未能生成发放批次：\(e.message)", status: .unprocessableContent)
        } catch let e as IntakeError {
            return try cityPage(s, error: e.description, status: .unprocessableContent)
        }
    }
}
