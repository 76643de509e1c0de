/// The Bybit-compatible paper exchange (issue 4). This file only anchors the module
/// until the server lands.
enum PaperExchangeModule {}
