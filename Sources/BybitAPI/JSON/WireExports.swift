// The client's API speaks the wire's types (`JSONValue` in every model's `raw`, the
// writer behind the audit log), so anyone importing BybitAPI sees them too.
@_exported import BybitWire
