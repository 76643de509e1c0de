// Whoever imports the streams gets the client types they are built from.
@_exported import BybitAPI
