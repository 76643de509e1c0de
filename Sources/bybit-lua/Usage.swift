/// The usage text printed for `--help` and after a usage error.
enum Usage {
    static let text = """
        usage: bybit-lua [options] [script [args]]
               bybit-lua run [options] script [args]
               bybit-lua repl [options]
               bybit-lua check FILE...
               bybit-lua audit [PATH] [--json]
               bybit-lua types --out DIR
               bybit-lua replay SCRIPT [ARGS...] --prices FILE... [--scenario FILE] [--from TIME] [--to TIME]
                                [--speed max|N] [--report FILE.html] [--seed N] [--candle-path standard|adverse-long|adverse-short]
               bybit-lua klines --symbol SYM --interval I --from TIME [--to TIME] [--mark] [--category C] [--env E|--base-url URL]
               bybit-lua paper [--port PORT] [--host HOST] [--api-key K --api-secret S] [--scenario FILE]
                               [--walk SEED [--walk-interval-ms MS]] [--state FILE] [--no-rate-limits] [--bench-controls]
               bybit-lua test [PATHS...] [--filter PAT] [--tags T,...] [--exclude-tags T,...]
                              [--output plain|tap|junit] [--timeout S] [-I DIR]
                              [--allow-read DIR] [--allow-write DIR] [--scenario FILE] [--allow-open-orders]
        Available options are:
          -e stat            execute string 'stat'
          -i                 enter interactive mode after executing 'script'
          -l mod             require library 'mod' into global 'mod'
          -l g=mod           require library 'mod' into global 'g'
          -v                 show version information
          -E                 ignore BYBIT_LUA_PATH
          -W                 turn warnings on
          -I DIR             search DIR for modules (after the script's lua/ and its directory)
          --env NAME         paper (default), testnet, demo or mainnet
          --base-url URL     any Bybit-compatible server (http only on loopback)
          --profile NAME     environment and credentials from ~/.config/bybit-lua/config.toml
          --dry-run          validate and audit every mutation, send nothing
          --max-margin COIN=AMT  cap the margin added in COIN (repeatable; a bare AMT caps USDT and USDC)
          --max-margin-window DUR  count the caps over DUR (1m..90d, e.g. 24h) across runs, from the audit log
          --allow-open-orders  allow orders that can open or increase a position (default: reduce-only)
          --audit-log PATH   where mutation attempts are recorded (JSON lines)
          --state-file PATH  where bybit.state keeps its keys (default: one file per script)
          --notify URL       also post this run's alerts to URL (JSON; repeatable; see [notify])
          --read-timeout S   how long a reply may be silent: more than 0, at most 600 (default 10)
          --verbose          log the client's requests (never secrets) to stderr
          --log-format FMT   bybit.log lines as logfmt (default) or json (one object a line)
          --log-level LEVEL  debug, info (default), warn or error: lines below it are dropped
          --metrics ADDR     Prometheus text at http://ADDR/metrics (HOST:PORT, :PORT or PORT; 127.0.0.1 by default)
          --timeout SECONDS  stop the script after SECONDS of wall-clock time
          --max-memory MB    cap the Lua heap at MB megabytes
          --sandbox PROFILE  'default' or 'strict' (no io, load, os beyond time)
          --allow-read DIR   scripts may also read files under DIR (repeatable)
          --allow-write DIR  scripts may write files under DIR (repeatable; none by default)
          --lock[=NAME]      one run at a time: exit 2 if another run holds NAME (default: script + key)
          --                 stop handling options
          -                  stop handling options and execute stdin
        Exit status: 0 ok, 1 script error, 2 usage, 3 guard stopped the run (or the audit log
          could not be written: nothing sent), 124 --timeout stopped it (as timeout(1)),
          130 interrupted (SIGINT), 143 terminated (SIGTERM),
          129 hung up (SIGHUP), 128+N another stop signal (SIGUSR1, SIGALRM, …);
          os.exit(n) exits n & 255, as lua does (a warning says so when n is not 0-255).
        paper without --port listens on a free port and prints its URL.

        """
}
