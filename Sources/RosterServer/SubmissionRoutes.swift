import Foundation
import Hummingbird
import RosterIntake

/// `/submissions/:id` and its return workbook. A district sees only its own district's
/// submissions (another's answers 404, as one that does not exist); the city sees all.
extension IntakeServer {
    func addSubmissionRoutes(_ router: Router<IntakeContext>) {
        router.get("/submissions/:id") { _, context -> Response in
            let s = try signedIn(context)
            let sub = try visibleSubmission(context, session: s)
            var values = Pages.figures(sub)
            let r = sub.result
            values["headers"] = r.headers
            values["returnedRows"] = r.returnedRows.map { row in
                ["row": row.row, "cells": row.cells.map { ["text": $0.text, "fault": $0.fault] }, "messages": row.messages] as [String: Any]
            }
            values["hasReturned"] = !r.returnedRows.isEmpty
            values["fileProblems"] = r.fileProblems.map(Self.line)
            values["hasFileProblems"] = !r.fileProblems.isEmpty
            values["warnings"] = r.warnings.map(Self.line)
            values["hasWarnings"] = !r.warnings.isEmpty
            values["warningCount"] = r.warnings.count
            values["backLink"] = s.account.role == .city ? "/city" : "/district"
            return pages.render("submission", title: "报送 \(sub.id)", session: s, values)
        }
        router.get("/submissions/:id/return.xlsx") { _, context -> Response in
            let s = try signedIn(context)
            let sub = try visibleSubmission(context, session: s)
            let path = store.folder + "/" + sub.returnWorkbook
            guard let data = FileManager.default.contents(atPath: path) else { throw HTTPError(.notFound) }
            store.audit(account: s.account.name, action: "download", detail: "return workbook of submission \(sub.id)")
            let name = "\(sub.district)退回表-\(sub.id).xlsx"
            let encoded = name.addingPercentEncoding(withAllowedCharacters: CharacterSet(charactersIn: "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-._~")) ?? "return.xlsx"
            return Response(
                status: .ok,
                headers: [
                    .contentType: "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
                    .contentDisposition: "attachment; filename=\"return-\(sub.id).xlsx\"; filename*=UTF-8''\(encoded)",
                ],
                body: .init(byteBuffer: ByteBuffer(bytes: data)))
        }
    }

    /// The submission of the `:id` parameter, if the session may see it; 404 otherwise.
    func visibleSubmission(_ context: IntakeContext, session s: IntakeSession) throws -> Submission {
        guard let id = context.parameters.get("id", as: Int64.self), let sub = try store.submission(id: id),
            s.account.role == .city || sub.district == s.account.district
        else { throw HTTPError(.notFound, message: "没有这份报送") }
        return sub
    }

    static func line(_ l: SubmissionResult.Line) -> [String: Any] {
        ["place": l.place, "code": l.code, "label": l.label, "message": l.message]
    }
}
