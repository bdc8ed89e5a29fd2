import RosterCore

/// Makes the year's people, cards and dates from one seeded generator, with the word lists of
/// the season's scenario (`SampleTables`) and the samples' own identity and Luhn routines.
///
/// No identity number and no (name, birth date) is used twice, so the register never holds two
/// people the duplicate checks could take for one.
struct YearPeople {
    /// The seed the generator started from.
    let seed: UInt64
    /// Every draw of the year goes through this one generator, in a fixed order.
    var rng: SampleRandom
    private var usedIDs: Set<String> = []
    private var usedKeys: Set<String> = []

    init(seed: UInt64) {
        self.seed = seed
        rng = SampleRandom(seed: seed)
    }

    /// Honour years by level: national titles every five years or so, the others more often.
    static let honourYears: [String: [Int]] = [
        "national": [1989, 1995, 2000, 2005, 2010, 2015],
        "provincial": [1985, 1989, 1993, 1997, 2001, 2005, 2009, 2013, 2016],
        "municipal": [1982, 1985, 1989, 1993, 1997, 2001, 2005, 2009, 2013, 2016],
    ]

    /// A new person of `level` whose identity number is registered in `region`.
    mutating func make(level: String, status: String = "保持荣誉", region: String) -> SamplePerson {
        while true {
            let male = rng.chance(3, in: 5)  // most model workers of that generation are men
            let name = name(male: male)
            let (year, month) = (rng.int(1945...1985), rng.int(1...12))
            let born = SampleDate(year: year, month: month, day: rng.int(1...SampleDate.daysIn(month: month, year: year)))
            let sequence = rng.below(100) * 10 + (male ? rng.pick([1, 3, 5, 7, 9]) : rng.pick([0, 2, 4, 6, 8]))
            let id = SampleIdentity.make(region: region, birth: born, sequence: sequence)
            let key = name + "|" + born.compact
            guard !usedKeys.contains(key), !usedIDs.contains(id) else { continue }
            usedKeys.insert(key)
            usedIDs.insert(id)
            return SamplePerson(
                name: name, male: male, birth: born, region: region, sequence: sequence, id: id, level: level, status: status,
                year: honourYear(level: level, born: born.year), employer: employer(region: region))
        }
    }

    /// A person of `level` in a district drawn with the weights of the seed's 366 rows.
    mutating func make(level: String, status: String = "保持荣誉") -> SamplePerson {
        make(level: level, status: status, region: rng.pick(SampleTables.districts.map(\.code), weights: SampleTables.districts.map(\.rows)))
    }

    /// A name of common surname and given-name characters (now and then a dotted minority name).
    mutating func name(male: Bool) -> String {
        if rng.chance(1, in: 90) { return rng.pick(SampleTables.dottedNames.filter { $0.male == male }).name }
        let given = male ? SampleTables.maleGiven : SampleTables.femaleGiven
        let surname = rng.pick(SampleTables.surnames)
        return surname + rng.pick(given) + (rng.chance(7, in: 10) ? rng.pick(given) : "")
    }

    /// Another name of the same gender than `person`'s (a clerk's slip).
    mutating func otherName(than person: SamplePerson) -> String {
        while true {
            let n = name(male: person.male)
            if n != person.name { return n }
        }
    }

    /// A year the level's title was awarded, when the person was at least 24.
    mutating func honourYear(level: String, born: Int) -> Int {
        let years = Self.honourYears[level] ?? Self.honourYears["municipal"]!
        let fit = years.filter { $0 >= born + 24 }
        return fit.isEmpty ? years[years.count - 1] : rng.pick(fit)
    }

    /// A work unit in the district (a district's own, or a city-level one).
    mutating func employer(region: String) -> String {
        let district = SampleTables.districts[districtIndex(region)]
        let local = district.name.hasSuffix("区") ? "昆明市" + district.name : district.name
        let word = rng.pick(SampleTables.employers)
        return rng.chance(2, in: 3) ? local + word : "昆明" + word
    }

    /// A debit card of a bank common in Kunming, at a branch in the district: 19 digits, Luhn.
    mutating func card(region: String) -> (branch: String, account: String) {
        let bank = rng.pick(SampleTables.banks)
        let district = SampleTables.districts[districtIndex(region)]
        var payload = bank.bin
        for _ in 0..<12 { payload += String(rng.below(10)) }
        let branch = bank.name + "昆明" + district.short + rng.pick(["支行", "分理处", "营业部"])
        return (branch, payload + String(SampleLuhn.checkDigit(payload: payload)))
    }

    /// A day of `year` in one of `months` (every day of those months possible).
    mutating func date(year: Int, months: ClosedRange<Int>) -> SimpleDate {
        let month = rng.int(months)
        return SimpleDate(year: year, month: month, day: rng.int(1...SimpleDate.days(in: month, year: year)))
    }

    /// `count` distinct indexes of `0..<n`, in increasing order.
    mutating func choose(_ count: Int, of n: Int) -> [Int] {
        var all = Array(0..<n)
        rng.shuffle(&all)
        return all.prefix(count).sorted()
    }
}

/// The index in `SampleTables.districts` of the district a person's region code names (every
/// person of the year is registered in one of Kunming's 14).
func districtIndex(_ region: String) -> Int {
    SampleTables.districts.firstIndex { $0.code == region }!
}
