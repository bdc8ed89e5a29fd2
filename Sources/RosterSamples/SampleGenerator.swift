import RosterCore

/// What to generate.
public struct SampleOptions: Sendable, Hashable {
    /// Data rows across all district rosters (366 in the 2017 seed).
    public var rows: Int
    /// The seed; the same seed and options give the same scenario, byte for byte.
    public var seed: UInt64
    /// People in the register, or nil for the default (at least 4,455, and 1.25 per roster row).
    public var registerSize: Int?
    /// The register's file format.
    public var registerFormat: SampleFileFormat

    /// Creates options.
    public init(rows: Int = 366, seed: UInt64 = 2017, registerSize: Int? = nil, registerFormat: SampleFileFormat = .xlsx) {
        self.rows = rows
        self.seed = seed
        self.registerSize = registerSize
        self.registerFormat = registerFormat
    }

    /// The smallest number of rows that leaves room for every kind of defect.
    public static let minimumRows = 120
    /// The largest number of rows accepted.
    public static let maximumRows = 2_000_000
}

/// Options that cannot produce a scenario.
public struct SampleOptionsError: Error, Sendable, CustomStringConvertible {
    /// What is wrong and what to do.
    public var description: String
}

/// Something the generator injects into a roster row: a defect with the finding it must
/// raise, or a variation the validator must normalise silently.
enum SampleInjection: CaseIterable, Sendable {
    case checksum, birthdate, region, precisionLost, legacy15, genderMismatch, nameMissing
    case notRegistered, nameMismatch, levelMismatch, revoked, deceased, ineligibleProvincial, ineligibleNational
    case inFile, crossDistrict, suspect
    case bankMissing, bankFormat, luhn, amountMissing, amountFormat, overLimit
    case lowerX, fullWidth, innerSpace, middleDot

    /// The finding code, or nil for a silent normalisation.
    var code: String? {
        switch self {
        case .checksum: return "id.checksum"
        case .birthdate: return "id.birthdate"
        case .region: return "id.region"
        case .precisionLost: return "id.precision-lost"
        case .legacy15: return "id.legacy15"
        case .genderMismatch: return "id.gender-mismatch"
        case .nameMissing: return "name.missing"
        case .notRegistered: return "honour.not-registered"
        case .nameMismatch: return "honour.name-mismatch"
        case .levelMismatch: return "honour.level-mismatch"
        case .revoked: return "honour.revoked"
        case .deceased: return "honour.deceased"
        case .ineligibleProvincial, .ineligibleNational: return "honour.ineligible"
        case .inFile: return "dup.in-file"
        case .crossDistrict: return "dup.cross-district"
        case .suspect: return "dup.suspect"
        case .bankMissing: return "bank.missing"
        case .bankFormat: return "bank.account-format"
        case .luhn: return "bank.luhn"
        case .amountMissing: return "amount.missing"
        case .amountFormat: return "amount.format"
        case .overLimit: return "amount.over-limit"
        case .lowerX, .fullWidth, .innerSpace, .middleDot: return nil
        }
    }

    /// The normalisation kind recorded for a silent variation.
    var normalisation: String? {
        switch self {
        case .lowerX: return "id.lowercase-x"
        case .fullWidth: return "id.fullwidth"
        case .innerSpace: return "name.inner-space"
        case .middleDot: return "name.middle-dot"
        default: return nil
        }
    }

    /// Whether a district layout can carry this injection.
    func fits(_ layout: SampleLayout) -> Bool {
        switch self {
        case .precisionLost: return layout.numericIDs
        case .genderMismatch: return layout.has(.gender)
        case .levelMismatch: return layout.has(.honour)
        default: return true
        }
    }
}

/// The severity of a finding code.
func sampleSeverity(_ code: String) -> String {
    switch code {
    case "id.legacy15", "id.gender-mismatch", "dup.suspect", "bank.luhn": return "warning"
    default: return "error"
    }
}

/// A person of the register (or a stranger who is not in it).
struct SamplePerson: Sendable {
    var name: String
    var male: Bool
    var birth: SampleDate
    var region: String
    var sequence: Int
    var id: String
    var level: String
    var status: String
    var year: Int
    var employer: String
}

/// One data row of a district roster, as it will be written.
struct SampleLine: Sendable {
    var name: String
    var gender: String
    var id: SampleCell
    var employer: String
    var honour: String
    var hardship: String
    var amount: SampleCell
    var parsed: Money?
    var bank: String
    var account: String
    var phone: String
    var remarks: String
    var codes: [String] = []
    var normalisation: String?
}

/// Builds a whole synthetic scenario from a seed.
public enum SampleGenerator {
    /// Generates the scenario for `options`, or explains why the options cannot work.
    public static func generate(_ options: SampleOptions) throws -> SampleScenario {
        var builder = try Builder(options: options)
        return try builder.build()
    }
}

/// The mutable state of one generation.
private struct Builder {
    let options: SampleOptions
    var rng: SampleRandom
    let perClass: Int
    var usedIDs: Set<String> = []
    var usedKeys: Set<String> = []
    var register: [SamplePerson] = []
    var municipal: Pool
    var revoked: Pool
    var deceased: Pool
    var provincial: Pool
    var national: Pool
    var suspectPairs: [(SamplePerson, SamplePerson)] = []
    /// People set aside before filling for injections that need a particular kind of person
    /// (an ID ending in X, a dotted name…), so late districts do not find the pool drained.
    var reserved: [SampleInjection: [SamplePerson]] = [:]

    /// Register people not yet placed in a roster, taken in a shuffled order.
    struct Pool {
        var people: [SamplePerson] = []
        var used: [Bool] = []
        var cursor = 0

        mutating func add(_ p: SamplePerson) {
            people.append(p)
            used.append(false)
        }

        mutating func take(region: String?, where pred: (SamplePerson) -> Bool) -> SamplePerson? {
            while cursor < people.count, used[cursor] { cursor += 1 }
            if let region {
                var i = cursor
                var scanned = 0
                while i < people.count, scanned < 200 {
                    if !used[i], people[i].region == region, pred(people[i]) {
                        used[i] = true
                        return people[i]
                    }
                    i += 1
                    scanned += 1
                }
            }
            var i = cursor
            while i < people.count {
                if !used[i], pred(people[i]) {
                    used[i] = true
                    return people[i]
                }
                i += 1
            }
            return nil
        }
    }

    init(options: SampleOptions) throws {
        guard options.rows >= SampleOptions.minimumRows, options.rows <= SampleOptions.maximumRows else {
            throw SampleOptionsError(
                description:
                    "--rows \(options.rows) is out of range: give \(SampleOptions.minimumRows)…\(SampleOptions.maximumRows) so every kind of defect fits"
            )
        }
        self.options = options
        self.rng = SampleRandom(seed: options.seed)
        let classes = 24
        self.perClass = max(1, (options.rows * 7 + 50 * classes) / (100 * classes))
        municipal = Pool()
        revoked = Pool()
        deceased = Pool()
        provincial = Pool()
        national = Pool()
    }

    // MARK: - People

    mutating func makeName(male: Bool) -> String {
        if rng.chance(1, in: 90) {
            let choices = SampleTables.dottedNames.filter { $0.male == male }
            return rng.pick(choices).name
        }
        let surname = rng.pick(SampleTables.surnames)
        let chars = male ? SampleTables.maleGiven : SampleTables.femaleGiven
        let given = rng.chance(7, in: 10) ? rng.pick(chars) + rng.pick(chars) : rng.pick(chars)
        return surname + given
    }

    mutating func makeBirth() -> SampleDate {
        let year = rng.int(1945...1985)
        let month = rng.int(1...12)
        let day = rng.int(1...SampleDate.daysIn(month: month, year: year))
        return SampleDate(year: year, month: month, day: day)
    }

    mutating func makeSequence(male: Bool) -> Int {
        let parity = male ? rng.pick([1, 3, 5, 7, 9]) : rng.pick([0, 2, 4, 6, 8])
        return rng.below(100) * 10 + parity
    }

    mutating func makeEmployer(region: String) -> String {
        let district = SampleTables.districts.first { $0.code == region }!
        let word = rng.pick(SampleTables.employers)
        // City-level units are "昆明…"; a district's own are "昆明市五华区…", a county's "宜良县…".
        let local = district.name.hasSuffix("区") ? "昆明市" + district.name : district.name
        return rng.chance(2, in: 3) ? local + word : "昆明" + word
    }

    mutating func makeYear(birth: SampleDate) -> Int {
        let years = [1979, 1982, 1985, 1989, 1993, 1997, 2001, 2005, 2009, 2013, 2016]
        let ok = years.filter { $0 >= birth.year + 24 }
        return ok.isEmpty ? 2016 : rng.pick(ok)
    }

    mutating func pickRegion() -> String {
        rng.pick(SampleTables.districts.map(\.code), weights: SampleTables.districts.map(\.rows))
    }

    /// A new person with an ID and a (name, birth date) not used by anyone else.
    mutating func makePerson(level: String, status: String) -> SamplePerson {
        while true {
            let male = rng.chance(3, in: 5)  // most model workers of that generation are men
            let name = makeName(male: male)
            let birth = makeBirth()
            let key = name + "|" + birth.compact
            if usedKeys.contains(key) { continue }
            let region = pickRegion()
            let seq = makeSequence(male: male)
            let id = SampleIdentity.make(region: region, birth: birth, sequence: seq)
            if usedIDs.contains(id) { continue }
            usedIDs.insert(id)
            usedKeys.insert(key)
            return SamplePerson(
                name: name, male: male, birth: birth, region: region, sequence: seq, id: id, level: level,
                status: status, year: makeYear(birth: birth), employer: makeEmployer(region: region))
        }
    }

    /// Another name of the same gender whose (name, birth date) is unused.
    mutating func otherName(for p: SamplePerson) -> String {
        while true {
            let n = makeName(male: p.male)
            let key = n + "|" + p.birth.compact
            if n != p.name, !usedKeys.contains(key) {
                usedKeys.insert(key)
                return n
            }
        }
    }

    // MARK: - Register

    mutating func buildRegister() throws {
        let size = options.registerSize ?? max(4455, (options.rows * 5 + 3) / 4)
        // Municipal holders the rosters draw on: every row but those taken from other pools
        // (revoked, deceased, provincial, national, strangers) and the copies of duplicates.
        let pairs = perClass
        let neededMunicipal = options.rows - 7 * perClass + 50
        var nationalCount = max(perClass * 2, (size * 57 + 2227) / 4455)
        var provincialCount = max(perClass * 2, (size * 673 + 2227) / 4455)
        var municipalCount = size - nationalCount - provincialCount
        if municipalCount - pairs * 2 < neededMunicipal, options.registerSize != nil {
            // A register given too small for the 2017 proportions: keep every roster row a
            // distinct person and shrink the national and provincial shares instead.
            municipalCount = neededMunicipal + pairs * 2
            let rest = size - municipalCount
            nationalCount = max(perClass * 2, rest * 57 / 730)
            provincialCount = rest - nationalCount
        }
        // Besides the living holders counted in 2017: revoked titles and deceased holders.
        let revokedCount = max(perClass * 3, size / 80)
        let deceasedCount = max(perClass * 3, size / 30)
        guard provincialCount >= perClass * 2, municipalCount - pairs * 2 >= neededMunicipal else {
            throw SampleOptionsError(
                description:
                    "a register of \(size) people is too small for \(options.rows) roster rows of distinct people: give --register-size \(neededMunicipal + pairs * 2 + perClass * 4) or more"
            )
        }
        for _ in 0..<nationalCount { register.append(makePerson(level: "national", status: "保持荣誉")) }
        for _ in 0..<provincialCount { register.append(makePerson(level: "provincial", status: "保持荣誉")) }
        for _ in 0..<(municipalCount - pairs * 2) {
            register.append(makePerson(level: "municipal", status: "保持荣誉"))
        }
        for _ in 0..<pairs {
            // Two people with the same name and birth date whose IDs differ in one digit.
            let a = makePerson(level: "municipal", status: "保持荣誉")
            var b = a
            while true {
                let hundreds = (a.sequence / 100 + 1 + rng.below(9)) % 10
                b.sequence = hundreds * 100 + a.sequence % 100
                b.id = SampleIdentity.make(region: a.region, birth: a.birth, sequence: b.sequence)
                if !usedIDs.contains(b.id) { break }
            }
            usedIDs.insert(b.id)
            b.employer = makeEmployer(region: a.region)
            b.year = makeYear(birth: b.birth)
            suspectPairs.append((a, b))
            register.append(a)
            register.append(b)
        }
        let levels = ["municipal", "municipal", "municipal", "municipal", "provincial"]
        for _ in 0..<revokedCount { register.append(makePerson(level: rng.pick(levels), status: "撤销荣誉")) }
        for _ in 0..<deceasedCount { register.append(makePerson(level: rng.pick(levels), status: "已故")) }

        var shuffled = register
        rng.shuffle(&shuffled)
        let suspectIDs = Set(suspectPairs.flatMap { [$0.0.id, $0.1.id] })
        for p in shuffled {
            switch (p.level, p.status) {
            case ("municipal", "保持荣誉"): if !suspectIDs.contains(p.id) { municipal.add(p) }
            case ("municipal", "撤销荣誉"): revoked.add(p)
            case ("municipal", "已故"): deceased.add(p)
            case ("provincial", "保持荣誉"): provincial.add(p)
            case ("national", "保持荣誉"): national.add(p)
            default: break
            }
        }
    }

    func registerFile() -> SampleFile {
        // Grouped by level, then status, then year of the title; keys computed once.
        func rank(_ p: SamplePerson) -> Int {
            let level = p.level == "national" ? 0 : (p.level == "provincial" ? 1 : 2)
            let status = p.status == "保持荣誉" ? 0 : (p.status == "撤销荣誉" ? 1 : 2)
            return (level * 3 + status) * 10_000 + p.year
        }
        let keys = register.map(rank)
        let order = register.indices.sorted { (keys[$0], register[$0].id) < (keys[$1], register[$1].id) }
        let sorted = order.lazy.map { register[$0] }
        var rows: [[SampleCell]] = [
            ["姓名", "性别", "身份证号码", "荣誉称号", "获得荣誉年份", "荣誉状态", "工作单位"].map { .text($0) }
        ]
        rows.reserveCapacity(sorted.count + 1)
        for p in sorted {
            rows.append([
                .text(p.name), .text(p.male ? "男" : "女"), .text(p.id), .text(SampleTables.registerHonour[p.level]!),
                options.registerFormat == .xlsx ? .number(String(p.year)) : .text(String(p.year)),
                .text(p.status), .text(p.employer),
            ])
        }
        var sheet = SampleSheet(name: "劳模名册", rows: rows, columnWidths: [16, 6, 22, 16, 12, 10, 34])
        sheet.headerRows = 1...1
        return SampleFile(
            path: "register." + options.registerFormat.fileExtension, format: options.registerFormat, sheets: [sheet])
    }

    // MARK: - Slots

    enum Slot {
        case clean
        case single(SampleInjection)
        case pair(SampleInjection, group: Int, second: Bool)
    }

    mutating func planSlots(counts: [Int]) throws -> (slots: [[Slot]], totalsFile: Int) {
        let layouts = SampleLayout.all
        var slots = counts.map { [Slot](repeating: .clean, count: $0) }
        var free: [[Int]] = counts.map { Array(0..<$0) }
        for d in free.indices { rng.shuffle(&free[d]) }

        func chooseDistrict(_ inj: SampleInjection, need: Int, excluding: Int? = nil) throws -> Int {
            let weights = free.indices.map { d -> Int in
                (d != excluding && inj.fits(layouts[d]) && free[d].count >= need) ? free[d].count : 0
            }
            guard weights.contains(where: { $0 > 0 }) else {
                throw SampleOptionsError(description: "no room left for the defects: give more --rows")
            }
            return rng.pick(Array(free.indices), weights: weights)
        }

        var group = 0
        for inj in SampleInjection.allCases {
            for _ in 0..<perClass {
                switch inj {
                case .inFile, .suspect:
                    // Both rows in one file, so "the later row" does not depend on file order.
                    let d = try chooseDistrict(inj, need: 2)
                    let a = free[d].removeLast()
                    let b = free[d].removeLast()
                    slots[d][min(a, b)] = .pair(inj, group: group, second: false)
                    slots[d][max(a, b)] = .pair(inj, group: group, second: true)
                case .crossDistrict:
                    let d1 = try chooseDistrict(inj, need: 1)
                    let s1 = free[d1].removeLast()
                    let d2 = try chooseDistrict(inj, need: 1, excluding: d1)
                    let s2 = free[d2].removeLast()
                    slots[d1][s1] = .pair(inj, group: group, second: false)
                    slots[d2][s2] = .pair(inj, group: group, second: true)
                default:
                    let d = try chooseDistrict(inj, need: 1)
                    slots[d][free[d].removeLast()] = .single(inj)
                }
                group += 1
            }
        }
        let totalsFiles = layouts.indices.filter { layouts[$0].totals }
        return (slots, rng.pick(totalsFiles))
    }

    // MARK: - Lines

    mutating func amountCell(_ yuan: Int, layout: SampleLayout) -> SampleCell {
        if layout.format == .xlsx {
            return layout.amountText ? .text(String(yuan) + ".00") : .number(String(yuan))
        }
        return .text(String(yuan))
    }

    mutating func cleanLine(_ p: SamplePerson, layout: SampleLayout) -> SampleLine {
        let yuan = rng.pick(SampleTables.amounts, weights: SampleTables.amountWeights)
        let bank = rng.pick(SampleTables.banks)
        let district = SampleTables.districts.first { $0.code == p.region }!
        let branch = bank.name + "昆明" + district.short + rng.pick(["支行", "分理处", "营业部"])
        var payload = bank.bin
        for _ in 0..<12 { payload += String(rng.below(10)) }
        let account = payload + String(SampleLuhn.checkDigit(payload: payload))
        var phone = rng.pick(SampleTables.mobilePrefixes)
        for _ in 0..<8 { phone += String(rng.below(10)) }
        let honour = rng.pick(SampleTables.honourWords[p.level]!)
        return SampleLine(
            name: p.name, gender: p.male ? "男" : "女", id: .text(p.id), employer: p.employer, honour: honour,
            hardship: rng.pick(SampleTables.hardships), amount: amountCell(yuan, layout: layout),
            parsed: Money(fen: Int64(yuan) * 100), bank: branch, account: account, phone: phone, remarks: "")
    }

    mutating func takeMunicipal(region: String, where pred: (SamplePerson) -> Bool = { _ in true }) throws
        -> SamplePerson
    {
        guard let p = municipal.take(region: region, where: pred) else {
            throw SampleOptionsError(description: "the register ran out of suitable municipal model workers: give a larger register")
        }
        return p
    }

    static func excelNumberText(_ id: String) -> String {
        let d = Array(id.prefix(15))
        var mantissa = String(d[1...])
        while mantissa.last == "0" { mantissa.removeLast() }
        return String(d[0]) + (mantissa.isEmpty ? "" : "." + mantissa) + "E+" + String(id.count - 1)
    }

    mutating func injectedLine(_ inj: SampleInjection, region: String, layout: SampleLayout) throws -> SampleLine {
        switch inj {
        case .revoked, .deceased, .ineligibleProvincial, .ineligibleNational:
            let found: SamplePerson?
            switch inj {
            case .revoked: found = revoked.take(region: region, where: { _ in true })
            case .deceased: found = deceased.take(region: region, where: { _ in true })
            case .ineligibleProvincial: found = provincial.take(region: region, where: { _ in true })
            default: found = national.take(region: region, where: { _ in true })
            }
            guard let p = found else {
                throw SampleOptionsError(description: "the register has too few people for the defects: give a larger register")
            }
            var line = cleanLine(p, layout: layout)
            line.codes = [inj.code!]
            return line
        case .notRegistered:
            let p = makePerson(level: "municipal", status: "保持荣誉")
            var line = cleanLine(p, layout: layout)
            line.codes = [inj.code!]
            return line
        default:
            break
        }
        let p: SamplePerson
        if let person = reserved[inj]?.popLast() {
            p = person
        } else {
            p = try takeMunicipal(region: region)
        }
        var line = cleanLine(p, layout: layout)
        if let code = inj.code { line.codes = [code] }
        line.normalisation = inj.normalisation
        switch inj {
        case .checksum:
            line.id = .text(SampleIdentity.withWrongCheck(p.id, choice: rng.below(10)))
        case .birthdate:
            let bad = rng.pick([(2, 30), (2, 31), (4, 31), (6, 31), (9, 31), (11, 31), (13, 5), (0, 12)])
            let birth = SampleDate(year: p.birth.year, month: bad.0, day: bad.1)
            line.id = .text(SampleIdentity.make(region: p.region, birth: birth, sequence: p.sequence))
        case .region:
            let body = rng.pick(SampleTables.unknownProvinces) + String(p.id.dropFirst(2).prefix(15))
            line.id = .text(body + String(SampleIdentity.checkCharacter(body: body)!))
        case .precisionLost:
            line.id = .number(Self.excelNumberText(p.id))
        case .legacy15:
            line.id = .text(SampleIdentity.legacy15(p.id)!)
        case .genderMismatch:
            line.gender = p.male ? "女" : "男"
        case .nameMissing:
            line.name = ""
        case .nameMismatch:
            line.name = otherName(for: p)
        case .levelMismatch:
            line.honour = rng.pick(SampleTables.honourWords[rng.pick(["provincial", "national"])]!)
        case .bankMissing:
            line.account = ""
        case .bankFormat:
            line.account = String(line.account.prefix(rng.int(8...11)))
        case .luhn:
            let last = Int(line.account.utf8.last! - 48)
            line.account = String(line.account.dropLast()) + String((last + 1 + rng.below(9)) % 10)
        case .amountMissing:
            line.amount = .empty
            line.parsed = nil
        case .amountFormat:
            line.amount = .text(rng.pick(["一千元", "两千元", "贰仟元整", "壹仟伍佰元", "约2000"]))
            line.parsed = nil
        case .overLimit:
            let yuan = rng.pick([3500, 4000, 5000, 6000])
            line.amount = amountCell(yuan, layout: layout)
            line.parsed = Money(fen: Int64(yuan) * 100)
        case .lowerX:
            line.id = .text(p.id.lowercased())
        case .fullWidth:
            line.id = .text(SampleTables.fullWidth(p.id))
        case .innerSpace:
            let cut = SampleTables.surnames.contains(String(p.name.prefix(2))) && p.name.count > 2 ? 2 : 1
            line.name = String(p.name.prefix(cut)) + rng.pick([" ", " ", "  ", "\u{3000}"]) + String(p.name.dropFirst(cut))
        case .middleDot:
            let dot: Character = rng.pick(["・", "•", "‧", "∙"])
            line.name = String(p.name.map { $0 == "·" ? dot : $0 })
        default:
            break
        }
        return line
    }

    // MARK: - Build

    mutating func build() throws -> SampleScenario {
        try buildRegister()
        // Rows per district: the 2017 split scaled, remainders to the largest fractions.
        let weights = SampleTables.districts.map(\.rows)
        let total = weights.reduce(0, +)
        var counts = weights.map { options.rows * $0 / total }
        var order = Array(weights.indices)
        order.sort { (options.rows * weights[$0] % total, -$0) > (options.rows * weights[$1] % total, -$1) }
        var k = 0
        while counts.reduce(0, +) < options.rows {
            counts[order[k % order.count]] += 1
            k += 1
        }
        let (slots, totalsFile) = try planSlots(counts: counts)
        let layouts = SampleLayout.all
        try reserveSpecialPeople(slots)
        var pairLines: [Int: SampleLine] = [:]
        var suspectIndex = 0
        var suspectOfGroup: [Int: Int] = [:]
        var lines: [[SampleLine]] = []
        for (d, district) in SampleTables.districts.enumerated() {
            let layout = layouts[d]
            var out: [SampleLine] = []
            out.reserveCapacity(slots[d].count)
            for slot in slots[d] {
                switch slot {
                case .clean:
                    out.append(cleanLine(try takeMunicipal(region: district.code), layout: layout))
                case .single(let inj):
                    out.append(try injectedLine(inj, region: district.code, layout: layout))
                case .pair(let inj, let group, let second):
                    switch inj {
                    case .suspect:
                        if suspectOfGroup[group] == nil {
                            suspectOfGroup[group] = suspectIndex
                            suspectIndex += 1
                        }
                        let pair = suspectPairs[suspectOfGroup[group]!]
                        // The later of the two rows is the suspect one; the first stays clean.
                        var line = cleanLine(second ? pair.1 : pair.0, layout: layout)
                        if second { line.codes = [inj.code!] }
                        out.append(line)
                    case .crossDistrict:
                        var line: SampleLine
                        if let seen = pairLines[group] {
                            line = seen
                            // Written by another clerk: the same person, the district's own format.
                            if let yuan = line.parsed { line.amount = amountCell(Int(yuan.fen / 100), layout: layout) }
                        } else {
                            line = cleanLine(try takeMunicipal(region: district.code), layout: layout)
                            line.codes = [inj.code!]
                            pairLines[group] = line
                        }
                        out.append(line)
                    default:  // in-file duplicate: the first stays valid, the copy is flagged
                        if second, var line = pairLines[group] {
                            line.codes = [inj.code!]
                            out.append(line)
                        } else {
                            let line = cleanLine(try takeMunicipal(region: district.code), layout: layout)
                            pairLines[group] = line
                            out.append(line)
                        }
                    }
                }
            }
            lines.append(out)
        }

        var rosters: [SampleFile] = []
        var truth: [SampleTruthEntry] = []
        var norms: [SampleNormalisation] = []
        var payableRows = 0
        var payable = Money.zero
        for (d, district) in SampleTables.districts.enumerated() {
            let layout = layouts[d]
            let path = "rosters/" + district.name + "." + layout.format.fileExtension
            let mismatch = d == totalsFile
            let laid = SampleSheetBuilder.layout(
                district: district, layout: layout, lines: lines[d], totalsOffByFen: mismatch ? rngOffset() : 0,
                signer: makeName(male: rng.chance(1, in: 2)), phoneTail: rng.int(1_000_000...9_999_999))
            rosters.append(SampleFile(path: path, format: layout.format, sheets: laid.sheets))
            for (i, line) in lines[d].enumerated() {
                for code in line.codes {
                    truth.append(
                        SampleTruthEntry(file: path, row: laid.rowNumbers[i], code: code, severity: sampleSeverity(code)))
                }
                if let kind = line.normalisation {
                    norms.append(SampleNormalisation(file: path, row: laid.rowNumbers[i], kind: kind))
                }
                if line.codes.allSatisfy({ sampleSeverity($0) == "warning" }) {
                    payableRows += 1
                    payable += line.parsed ?? .zero
                }
            }
            if mismatch, let row = laid.totalsRow {
                truth.append(SampleTruthEntry(file: path, row: row, code: "total.mismatch", severity: "error"))
            }
        }
        truth.sort()
        norms.sort()

        let step: Int64 = 10_000 * 100
        let budget = Money(fen: (payable.fen + step - 1) / step * step)
        var payerAccount = "2502"
        for _ in 0..<15 { payerAccount += String(rng.below(10)) }
        let program = SampleProgram(
            id: "2017-midautumn-hardship", title: "2017年中秋国庆困难市级劳模帮扶", period: "2017-09",
            eligibleHonours: ["municipal"], amount: .init(max: Money(fen: 300_000)), budget: budget, currency: "CNY",
            payer: .init(name: "昆明市总工会", account: payerAccount, bank: "中国工商银行昆明正义路支行"))
        var registerCounts: [String: Int] = [:]
        for p in register {
            let key = p.status == "保持荣誉" ? p.level : (p.status == "已故" ? "deceased" : "revoked")
            registerCounts[key, default: 0] += 1
        }
        return SampleScenario(
            seed: options.seed, options: options, register: registerFile(), program: program, rosters: rosters, truth: truth,
            normalisations: norms, rosterRowCount: lines.reduce(0) { $0 + $1.count }, registerCounts: registerCounts,
            payableTotal: payable, payableRows: payableRows)
    }

    /// Sets aside, before any clean row is filled, the people the injections need.
    mutating func reserveSpecialPeople(_ slots: [[Slot]]) throws {
        let needs: [(SampleInjection, (SamplePerson) -> Bool)] = [
            (.lowerX, { $0.id.hasSuffix("X") }),
            (.middleDot, { $0.name.contains("·") }),
            (.innerSpace, { !$0.name.contains("·") }),
            (.precisionLost, { !$0.id.hasSuffix("X") }),
        ]
        for (inj, pred) in needs {
            let count = slots.joined().filter { if case .single(inj) = $0 { return true } else { return false } }.count
            var people: [SamplePerson] = []
            for _ in 0..<count {
                guard let p = municipal.take(region: nil, where: pred) else {
                    throw SampleOptionsError(
                        description: "the register has too few suitable municipal model workers for the defects: give a larger register")
                }
                people.append(p)
            }
            reserved[inj] = people
        }
    }

    mutating func rngOffset() -> Int64 {
        Int64(rng.pick([500, 1000, 1500, -500, -1000])) * 100
    }
}
