# Shared by the scripts that run a user manager in a private mount namespace (e2e_test.sh,
# first_hour.sh): sourced, not run.

fail() {
    echo "FAIL: $*" >&2
    exit 1
}

# wait_for SECONDS COMMAND...: polls COMMAND every 50 ms until it succeeds or time is up.
wait_for() {
    local deadline=$((SECONDS + $1))
    shift
    until "$@" >/dev/null 2>&1; do
        [ "$SECONDS" -lt "$deadline" ] || return 1
        sleep 0.05
    done
}

# stop_manager PID: SIGTERM (a user manager starts exit.target on it), up to 5 s, then SIGKILL.
stop_manager() {
    [ -n "$1" ] || return 0
    kill -TERM "$1" 2>/dev/null
    local deadline=$((SECONDS + 5))
    while kill -0 "$1" 2>/dev/null && [ "$SECONDS" -lt "$deadline" ]; do
        sleep 0.05
    done
    kill -KILL "$1" 2>/dev/null
}

# kill_namespace: whatever still runs in this mount namespace (and only that), but this shell.
kill_namespace() {
    local ns p
    ns=$(readlink /proc/self/ns/mnt)
    for p in /proc/[0-9]*; do
        p=${p#/proc/}
        [ "$p" != $$ ] && [ "$(readlink /proc/"$p"/ns/mnt 2>/dev/null)" = "$ns" ] &&
            kill -KILL "$p" 2>/dev/null
    done
}
