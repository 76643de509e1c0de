import BybitAPI
import LuaKit

/// `--dry-run`: a mutation is validated, guarded and audited but not sent. What it would
/// have met is said in the result, so a dry run does not "succeed" silently where the real
/// call would not (a flat position).
extension BybitSession {
    /// The result a dry-run mutation returns to the script:
    /// `{dryRun = true, request = {…}, flat = true|false, note = "…"}`.
    struct DryRun {
        /// The request as it would have been sent.
        let params: [(String, String)]
        /// Whether the position the call names is flat (no size); nil when it could not be read.
        let flat: Bool?
        /// What the script should know: the position is flat, or could not be read.
        let note: String?

        /// Pushes the result table.
        func push(_ call: LuaCall) {
            call.newTable(record: 4)
            call.push(true)
            call.setField(-2, "dryRun")
            pushParams(call, params)
            call.setField(-2, "request")
            if let flat {
                call.push(flat)
                call.setField(-2, "flat")
            }
            if let note {
                call.push(note)
                call.setField(-2, "note")
            }
        }
    }

    /// Reads the position the call names (a read is sent even in a dry run: it changes
    /// nothing) and says whether it is flat; `ifFlat` completes the note for a flat one.
    func dryRun(
        _ params: [(String, String)], symbol: String, category: BybitAPI.Category, positionIdx: Int?,
        ifFlat consequence: String
    ) -> DryRun {
        let list: PositionList
        do {
            list = try client().positions(PositionListRequest(category: category, symbol: symbol))
        } catch {
            let reason = (error as? BybitError)?.message ?? "\(error)"
            return DryRun(
                params: params, flat: nil, note: "could not read the \(symbol) position to check it: \(reason)")
        }
        let named = list.positions.filter { p in
            p.symbol == symbol && (positionIdx == nil || p.positionIdx == positionIdx)
        }
        let flat = named.allSatisfy { ($0.size ?? .zero).sign == 0 }
        guard flat else { return DryRun(params: params, flat: false, note: nil) }
        let which = positionIdx.map { " (positionIdx \($0))" } ?? ""
        return DryRun(params: params, flat: true, note: "the \(symbol) position\(which) is flat: \(consequence)")
    }
}
