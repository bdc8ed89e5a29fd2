import Foundation
import Hummingbird
import MultipartKit
import RosterIntake

/// A multipart/form-data upload read as it arrives: the file part goes straight to a temporary
/// file in the intake folder, the small fields (the CSRF token) to memory. More than the cap is
/// refused (413) as soon as it is exceeded, and the partial file removed. The browser's file
/// name is kept only as text to show.
struct Upload {
    var fields: [String: String] = [:]
    /// The temporary file holding the file part, when there was one.
    var file: String?
    var fileName = ""
    var bytes = 0

    /// Why an upload is refused: said to the clerk in Chinese.
    struct Refusal: Error {
        let status: HTTPResponse.Status
        let message: String
    }

    /// Reads `request`'s body into `directory`.
    static func receive(_ request: Request, limit: Int, into directory: String) async throws -> Upload {
        guard let type = request.headers[.contentType], let boundary = boundary(type) else {
            throw Refusal(status: .badRequest, message: "请通过页面上的表单选择文件上传")
        }
        let state = State(directory: directory, limit: limit)
        let parser = MultipartParser(boundary: boundary)
        parser.onHeader = { name, value in state.header(name, value) }
        parser.onBody = { buffer in state.body(&buffer) }
        parser.onPartComplete = { state.partComplete() }
        var total = 0
        do {
            for try await chunk in request.body {
                total += chunk.readableBytes
                if total > limit + (64 << 10) { throw Refusal(status: .contentTooLarge, message: tooLarge(limit)) }
                try parser.execute(chunk)
                if let refusal = state.refusal { throw refusal }
                // The form's other fields and the part headers take a few kilobytes at most:
                // anything else than the file's own bytes is capped apart from it. Counted once
                // the chunk is parsed, when its file bytes are known as such (a chunk of 64 KiB
                // or a whole body in one piece is mostly file).
                if total - state.upload.bytes > 64 << 10 { throw Refusal(status: .contentTooLarge, message: tooLarge(limit)) }
            }
        } catch {
            state.discard()
            if let r = error as? Refusal { throw r }
            throw Refusal(status: .badRequest, message: "上传的数据不完整或格式不对，请重新选择文件上传")
        }
        state.close()
        // A body cut off before the file part's closing boundary is not a file.
        guard state.upload.file != nil, state.fileComplete, !state.upload.fileName.isEmpty else {
            state.discard()
            throw Refusal(status: .badRequest, message: "没有收到文件，请选择花名册文件后再上传")
        }
        return state.upload
    }

    static func tooLarge(_ limit: Int) -> String { "文件超过 \(limit >> 20) MB 的上限，未保存。请删去多余的工作表或图片后重新上传" }

    /// `boundary=…` of a multipart/form-data content type.
    static func boundary(_ contentType: String) -> String? {
        guard contentType.lowercased().hasPrefix("multipart/form-data") else { return nil }
        for part in contentType.split(separator: ";") {
            let kv = part.trimmingCharacters(in: .whitespaces)
            if kv.lowercased().hasPrefix("boundary=") {
                let b = kv.dropFirst("boundary=".count).trimmingCharacters(in: CharacterSet(charactersIn: "\""))
                return b.isEmpty || b.count > 200 ? nil : b
            }
        }
        return nil
    }

    /// `name="csrf"` and `filename="x.xlsx"` of a Content-Disposition value.
    static func disposition(_ value: String) -> (name: String?, fileName: String?) {
        var name: String?
        var fileName: String?
        for part in value.split(separator: ";") {
            let kv = part.trimmingCharacters(in: .whitespaces)
            guard let eq = kv.firstIndex(of: "=") else { continue }
            let key = kv[..<eq].lowercased()
            let v = kv[kv.index(after: eq)...].trimmingCharacters(in: CharacterSet(charactersIn: "\""))
            if key == "name" { name = v } else if key == "filename" { fileName = v }
        }
        return (name, fileName)
    }

    /// What the parser's callbacks fill in (they run on the reading task only).
    final class State {
        let directory: String
        let limit: Int
        var upload = Upload()
        var refusal: Refusal?
        /// True once the file part has ended with its boundary.
        var fileComplete = false
        private var partName: String?
        private var isFile = false
        private var value: [UInt8] = []
        private var handle: FileHandle?

        init(directory: String, limit: Int) {
            self.directory = directory
            self.limit = limit
        }

        func header(_ name: String, _ value: String) {
            guard name.lowercased() == "content-disposition" else { return }
            let d = Upload.disposition(value)
            partName = d.name
            isFile = d.fileName != nil && d.name == "file"
            if isFile, upload.file == nil {
                let path = directory + "/upload-" + UUID().uuidString
                _ = FileManager.default.createFile(atPath: path, contents: nil, attributes: [.posixPermissions: 0o600])
                handle = FileHandle(forWritingAtPath: path)
                upload.file = path
                // Shown only: the last path component, without control characters, at most 120.
                let last = (d.fileName ?? "").split(whereSeparator: { $0 == "/" || $0 == "\\" }).last.map(String.init) ?? ""
                upload.fileName = String(
                    String(last.unicodeScalars.filter { !$0.properties.generalCategory.isControlOrFormat }.map(Character.init)).prefix(120))
            }
        }

        func body(_ buffer: inout ByteBuffer) {
            if isFile, let handle {
                upload.bytes += buffer.readableBytes
                if upload.bytes > limit {
                    refusal = Refusal(status: .contentTooLarge, message: Upload.tooLarge(limit))
                    return
                }
                handle.write(Data(buffer.readableBytesView))
            } else if value.count < 4096 {
                value += buffer.readableBytesView.prefix(4096 - value.count)
            }
        }

        func partComplete() {
            // Only the fields the form has are kept.
            if !isFile, let partName, partName == "csrf" { upload.fields[partName] = String(decoding: value, as: UTF8.self) }
            if isFile {
                try? handle?.close()
                handle = nil
                fileComplete = true
            }
            value = []
            isFile = false
            partName = nil
        }

        func close() { try? handle?.close() }

        func discard() {
            close()
            if let f = upload.file { try? FileManager.default.removeItem(atPath: f) }
        }
    }
}
