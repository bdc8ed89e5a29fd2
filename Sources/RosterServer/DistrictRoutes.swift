import Foundation
import Hummingbird
import RosterIntake

/// `/district` and its upload: a district's own page. Only district accounts come here, and
/// each sees only its own district's submissions.
extension IntakeServer {
    func addDistrictRoutes(_ router: Router<IntakeContext>) {
        router.get("/district") { _, context -> Response in
            let (s, district) = try districtSession(context)
            return try districtPage(s, district: district, error: nil)
        }
        router.post("/district/upload") { request, context -> Response in
            let (s, district) = try districtSession(context)
            return try await upload(request, session: s, district: district)
        }
    }

    /// The session of a district account and its district; 403 for the city's.
    func districtSession(_ context: IntakeContext) throws -> (IntakeSession, String) {
        let s = try signedIn(context)
        guard s.account.role == .district, let d = s.account.district else {
            throw HTTPError(.forbidden, message: "此页面只供区县使用")
        }
        return (s, d)
    }

    func districtPage(_ s: IntakeSession, district: String, error: String?, status: HTTPResponse.Status = .ok) throws -> Response {
        let history = try store.submissions(district: district)
        var values: [String: Any] = [
            "district": district, "programme": checker.program.title, "limitMiB": configuration.uploadLimit >> 20,
            "history": history.map(Pages.figures),
        ]
        if let latest = history.first(where: { $0.supersededBy == nil }) { values["latest"] = Pages.figures(latest) }
        if let error { values["error"] = error }
        return pages.render("district", title: district, session: s, values, status: status)
    }

    /// Receives the file (streamed, capped), checks the CSRF token, then checks the roster and
    /// shows its result. A refused file leaves nothing behind.
    func upload(_ request: Request, session s: IntakeSession, district: String) async throws -> Response {
        let receipt = store.nextReceipt()
        let received: Upload
        do {
            received = try await Upload.receive(request, limit: configuration.uploadLimit, into: store.folder)
        } catch let r as Upload.Refusal {
            store.audit(account: s.account.name, action: "upload-refused", detail: "\(r.status.code)")
            return try districtPage(s, district: district, error: r.message, status: r.status)
        }
        guard received.fields["csrf"] == s.csrf else {
            if let f = received.file { try? FileManager.default.removeItem(atPath: f) }
            throw HTTPError(.forbidden, message: "表单已过期或来源不明（CSRF），请返回页面后重试")
        }
        let (store, checker, account) = (self.store, self.checker, s.account)
        let temp = received.file!
        let name = received.fileName
        do {
            let submission = try await checks.run {
                try store.submit(upload: temp, originalName: name, account: account, district: district, checker: checker, receipt: receipt)
            }
            return Pages.redirect("/submissions/\(submission.id)")
        } catch let e as IntakeError {
            store.audit(account: s.account.name, action: "upload-refused", detail: "unreadable file")
            return try districtPage(s, district: district, error: "文件无法读取，未保存：\(e.description)", status: .unprocessableContent)
        } catch {
            logger.error("upload of \(district) not saved: \(type(of: error))")
            store.audit(account: s.account.name, action: "upload-failed", detail: "not saved")
            return try districtPage(s, district: district, error: "保存失败，未保存本次上传，请稍后重新上传", status: .internalServerError)
        }
    }
}
