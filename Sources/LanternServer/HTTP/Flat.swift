/// A value's own fields with more beside them (`clock`, `school`...), so an answer stays one flat object.
struct Flat<Base: Encodable, Extra: Encodable>: Encodable {
    var base: Base
    var extra: Extra

    func encode(to encoder: any Encoder) throws {
        try base.encode(to: encoder)
        try extra.encode(to: encoder)
    }
}
