print("bybit-lua: under construction")
