#!/bin/bash
# The first hour of a new user, replayed: the package installed, the service enabled, a
# reminder seen on a real desktop, an edit, a pause.
#
#   first_hour.sh AGENDAD_DEB [SHOTS_DIR]
#
# As root, in a private mount namespace whose /usr, /etc and /var/lib are overlays (the host is
# not touched): installs the .deb with dpkg, creates an unprivileged user on a non-UTC clock
# (America/Sao_Paulo), gives that user a delegated cgroup and its own `systemd --user` with
# journald, Xvfb and a real dunst, then does what a new user does: enable agendad, find the
# starter file, append a meeting at local time, make a typo, fix it, see the reminder on screen
# (a screenshot is kept in SHOTS_DIR), choose Snooze from dunst's context menu (a scripted dmenu),
# restart agendad with a bubble still open and use that bubble, pause and resume, read the log.
# Exit 77 (skip) only when namespaces, overlays or cgroups are not available here.
set -u

. "$(dirname "$0")/harness.sh" # fail, wait_for, stop_manager, kill_namespace

if [ "${3:-}" != inner ]; then
    deb=$(realpath "$1")
    shots=$(realpath -m "${2:-$PWD/first-hour-shots}")
    [ "$(id -u)" = 0 ] || { echo "SKIP: needs root (dpkg, useradd, cgroups)"; exit 77; }
    [ -x /lib/systemd/systemd ] || { echo "SKIP: no /lib/systemd/systemd"; exit 77; }
    [ -w /sys/fs/cgroup/unified ] || { echo "SKIP: no writable cgroup2 tree"; exit 77; }
    for tool in Xvfb dunst dunstctl import runuser useradd; do
        command -v "$tool" >/dev/null || fail "$tool is missing (scripts/install-deps installs it)"
    done
    tmp=$(mktemp -d /var/tmp/agendad-first-hour.XXXXXX)
    trap 'rm -rf "$tmp"' EXIT
    mkdir -p "$tmp/probe/u" "$tmp/probe/w" "$shots"
    if ! unshare -m --propagation private sh -c "mount -t overlay overlay \
            -o lowerdir=/etc,upperdir=$tmp/probe/u,workdir=$tmp/probe/w /etc" 2>/dev/null; then
        echo "SKIP: unshare -m or overlayfs not permitted here"
        exit 77
    fi
    unshare -m --propagation private bash "$0" "$deb" "$shots" inner "$tmp"
    exit $?
fi

# --- Inside the private mount namespace --------------------------------------------------------
deb=$1
shots=$2
tmp=$4
log=$tmp/log
mkdir -p "$log"
for dir in /usr /etc /var/lib; do
    name=${dir//\//_}
    mkdir -p "$tmp/ovl$name/upper" "$tmp/ovl$name/work"
    mount -t overlay overlay \
        -o "lowerdir=$dir,upperdir=$tmp/ovl$name/upper,workdir=$tmp/ovl$name/work" "$dir" ||
        fail "overlay on $dir"
done
mount -t tmpfs tmpfs /run/systemd || fail "mount /run/systemd"
mkdir -p /run/systemd/system /run/user
mount -t tmpfs tmpfs /run/user
mount -t tmpfs tmpfs /run/log
[ -d /var/log/journal ] && mount -t tmpfs tmpfs /var/log/journal

# --- The package, the user, the clock ---------------------------------------------------------------
dpkg -i "$deb" >"$log/dpkg.log" 2>&1 || { cat "$log/dpkg.log"; fail "dpkg -i $deb"; }
[ -x /usr/bin/agendad ] && [ -x /usr/bin/agendactl ] || fail "the package has no /usr/bin/agendad"
unit=/usr/lib/systemd/user/agendad.service
[ -f "$unit" ] || fail "the package has no $unit"
# Installed, enabled by nobody: each user enables it (debian/rules says why).
[ ! -e /etc/systemd/user/default.target.wants/agendad.service ] ||
    fail "the package enabled agendad for every user"
echo "ok: $(dpkg-query -W -f='${Package} ${Version}' agendad) installed; $(agendactl --version | head -1)"

ln -sf /usr/share/zoneinfo/America/Sao_Paulo /etc/localtime
echo America/Sao_Paulo >/etc/timezone
home=$tmp/home/alice
mkdir -p "$tmp/home"
chmod 0755 "$tmp" "$tmp/home" # alice walks through to her home
useradd --create-home --home-dir "$home" --shell /bin/bash alice || fail "useradd"
uid=$(id -u alice)
mkdir -m 0700 /run/user/"$uid"
chown alice: /run/user/"$uid"
runtime=/run/user/$uid
display=:$((50 + RANDOM % 40))

# Cgroups are not namespaced by the mount namespace: the ones made here are removed at the end.
cgroups=()
for tree in unified systemd; do
    [ -d /sys/fs/cgroup/$tree ] || continue
    cg=/sys/fs/cgroup/$tree/user.slice/user-$uid.slice/user@$uid.service
    mkdir -p "$cg" || fail "mkdir $cg"
    chown -R alice: "$cg"
    cgroups+=("$cg")
done

cleanup() {
    stop_manager "${manager_pid:-}"
    kill_namespace
    sleep 0.2
    local cg
    for cg in "${cgroups[@]}"; do
        find "$cg" -depth -type d -exec rmdir {} + 2>/dev/null
        rmdir "${cg%/*}" "${cg%/*/*}" 2>/dev/null
    done
}
report() {
    if [ "${failed:-1}" != 0 ]; then
        echo "--- agendactl status" >&2
        as_alice agendactl status >&2 2>&1
        echo "--- journal" >&2
        journalctl -q -D /run/log/journal --no-pager -o short-monotonic _COMM=agendad 2>/dev/null |
            tail -40 >&2
        echo "--- dunst" >&2
        tail -20 "$log/dunst.log" >&2
        echo "--- manager" >&2
        tail -20 "$log/manager.log" >&2
    fi
    cleanup
}
trap report EXIT

# as_alice COMMAND...: runs COMMAND as alice in her session (her bus, her display, her clock).
as_alice() {
    runuser -u alice -- env -i HOME="$home" USER=alice LOGNAME=alice PATH=/usr/bin:/bin \
        XDG_RUNTIME_DIR="$runtime" DBUS_SESSION_BUS_ADDRESS="unix:path=$runtime/bus" \
        DISPLAY="$display" LANG=C.UTF-8 "$@"
}

/lib/systemd/systemd-journald >"$log/journald.log" 2>&1 &
wait_for 5 test -S /run/systemd/journal/stdout || echo "note: no journald here; no journal checks"
journal() { journalctl -q -D /run/log/journal --no-pager -o cat _COMM=agendad "$@"; }

# The launcher moves itself into alice's delegated cgroup, then becomes her manager.
sh -c 'for cg in "$@"; do echo $$ >"$cg/cgroup.procs"; done
       exec runuser -u alice -- env -i HOME="'"$home"'" USER=alice LOGNAME=alice \
           PATH=/usr/bin:/bin XDG_RUNTIME_DIR="'"$runtime"'" /lib/systemd/systemd --user' \
    launcher "${cgroups[@]}" >"$log/manager.log" 2>&1 &
manager_pid=$!
manager_up() {
    case $(as_alice systemctl --user is-system-running 2>/dev/null) in
    running | degraded) ;;
    *) return 1 ;;
    esac
}
wait_for 20 manager_up || fail "alice's systemd --user did not come up"
wait_for 10 test -S "$runtime/bus" || fail "alice's user bus (dbus-user-session) did not come up"
echo "ok: alice (uid $uid) has her own systemd --user (pid $manager_pid) and bus"

# --- A screen and a real notification server ---------------------------------------------------------
Xvfb "$display" -ac -screen 0 1024x600x24 -nolisten tcp >"$log/xvfb.log" 2>&1 &
wait_for 10 xdpyinfo -display "$display" || fail "Xvfb $display"
mkdir -p "$home/.config/dunst" "$home/bin"
# The scripted dmenu: dunst pipes the bubble's actions to it; it picks the line with $AGENDAD_PICK.
cat >"$home/bin/pick" <<'EOF'
#!/bin/sh
choice=$(grep -m1 -i -- "$(cat "$HOME/pick-word")")
echo "$choice" >>"$HOME/picked"
echo "$choice"
EOF
chmod +x "$home/bin/pick"
cat >"$home/.config/dunst/dunstrc" <<EOF
[global]
    width = 600
    origin = top-right
    offset = 20x20
    font = DejaVu Sans 11
    dmenu = $home/bin/pick
    show_indicators = yes
[urgency_low]
    timeout = 0
[urgency_normal]
    timeout = 0
[urgency_critical]
    timeout = 0
EOF
chown -R alice: "$home"
as_alice dunst >"$log/dunst.log" 2>&1 &
dunst_up() { as_alice dunstctl is-paused; }
wait_for 10 dunst_up || fail "dunst did not come up on alice's bus"
echo "ok: Xvfb $display and dunst on alice's bus"

# What dunst was asked to show, as a bus monitor on alice's bus saw it (dunstctl history only
# lists bubbles already closed).
as_alice dbus-monitor --session "type='method_call',interface='org.freedesktop.Notifications'" \
    >"$log/notify.log" 2>&1 &
wait_for 5 grep -q NameAcquired "$log/notify.log" || fail "dbus-monitor on alice's bus"
has_bubble() { grep -q -- "$1" "$log/notify.log"; }

# --- 1. Enable: the unit starts, the starter file appears, and it reminds of nothing ----------------
as_alice systemctl --user enable --now agendad.service >"$log/enable.log" 2>&1 ||
    { cat "$log/enable.log"; fail "systemctl --user enable --now agendad"; }
agenda=$home/.config/agendad/agenda.toml
wait_for 10 test -f "$agenda" || fail "no starter schedule at $agenda"
[ "$(as_alice systemctl --user show -P ActiveState agendad.service)" = active ] || fail "not active"
grep -q '^timezone' "$agenda" && fail "the starter file sets a time zone"
as_alice agendactl check >"$log/check0" 2>&1 || { cat "$log/check0"; fail "check on the starter"; }
as_alice agendactl upcoming --days 30 >"$log/upcoming0" 2>&1
[ -s "$log/upcoming0" ] && ! grep -qi 'nothing' "$log/upcoming0" &&
    { cat "$log/upcoming0"; fail "the starter file invents reminders"; }
echo "ok: enabled; starter file at ~/.config/agendad/agenda.toml, no invented reminders"

# --- 2. A meeting appended at local time (São Paulo, UTC-3) -------------------------------------------
local_at() { TZ=America/Sao_Paulo date -d "@$(($(date +%s) + $1))" +%Y-%m-%dT%H:%M:%S; }
start1=$(local_at 75)
cat >>"$agenda" <<EOF

[[event]]
title = "Budget review"
start = $start1
remind = ["1m"]
EOF
chown alice: "$agenda"
as_alice agendactl check >"$log/check1" 2>&1 || { cat "$log/check1"; fail "check after appending"; }
as_alice agendactl upcoming >"$log/upcoming1" 2>&1
hhmm=$(TZ=America/Sao_Paulo date -d "@$(($(date +%s) + 15))" +%H:%M)
grep -q "Budget review" "$log/upcoming1" || { cat "$log/upcoming1"; fail "upcoming lacks it"; }
grep -q "$hhmm" "$log/upcoming1" ||
    { cat "$log/upcoming1"; fail "upcoming does not show the reminder at $hhmm São Paulo time"; }
# The running agendad follows the save (before the next edit, or it would only see that one).
next_is() { as_alice agendactl next | grep -q -- "$1"; }
wait_for 10 next_is 'Budget review' || fail "agendad did not follow the save"
echo "ok: appended at local time; upcoming: $(grep -m1 'Budget review' "$log/upcoming1")"

# --- 3. A typo: told where and how to fix it, the last good schedule kept ------------------------------
cp "$agenda" "$tmp/good.toml"
sed -i 's/^remind = \["1m"\]/remnd = ["1m"]/' "$agenda"
as_alice agendactl check >"$log/check2" 2>&1 && fail "check accepted a typo"
grep -qE 'agenda.toml:[0-9]+:[0-9]+: error' "$log/check2" || { cat "$log/check2"; fail "no file:line:col"; }
grep -q "remind" "$log/check2" || { cat "$log/check2"; fail "no did-you-mean"; }
wait_for 10 has_bubble "agenda.toml" || fail "no bubble about the broken file"
as_alice agendactl status >"$log/status2" 2>&1
grep -q 'agenda.toml:[0-9]*:[0-9]*' "$log/status2" || { cat "$log/status2"; fail "status lacks the error"; }
as_alice agendactl next >"$log/next2" 2>&1
grep -q 'Budget review' "$log/next2" || { cat "$log/next2"; fail "the last good schedule was lost"; }
echo "ok: the typo is reported ($(grep -m1 error "$log/check2")), in a bubble and in status"

# --- 4. The fix, and the reminder on screen -------------------------------------------------------------
cp "$tmp/good.toml" "$agenda"
chown alice: "$agenda"
wait_for 40 has_bubble "Budget review" || fail "the reminder did not reach dunst"
sleep 0.5 # dunst draws after it has taken the notification
import -display "$display" -window root "$shots/first-reminder.png" ||
    fail "screenshot (imagemagick import)"
colours=$(identify -format '%k' "$shots/first-reminder.png")
[ "$colours" -gt 2 ] || fail "the screenshot is blank ($colours colours)"
echo "ok: the reminder is on screen (screenshot $shots/first-reminder.png, $colours colours)"

# --- 5. Snooze from dunst's context menu ------------------------------------------------------------------
echo "snooze" >"$home/pick-word"
chown alice: "$home/pick-word"
as_alice dunstctl context || fail "dunstctl context"
wait_for 5 test -s "$home/picked" || fail "dunst did not ask the scripted dmenu"
echo "info: dunst offered and dmenu picked: $(cat "$home/picked")"
snoozed() { as_alice agendactl status | grep -q 'next: *Budget review (snoozed)'; }
wait_for 10 snoozed || { as_alice agendactl status; fail "Snooze from the bubble did nothing"; }
echo "ok: snoozed from the bubble: $(as_alice agendactl status | grep '^next:')"

# --- 6. A restart with a bubble still open: nothing closed, the bubble taken over and live -----------
start2=$(local_at 70)
cat >>"$agenda" <<EOF

[[event]]
title = "Call with Vienna"
start = $start2
remind = ["1m"]
EOF
chown alice: "$agenda"
wait_for 40 has_bubble "Call with Vienna" || fail "the second reminder did not reach dunst"
# Restart once agendad has the bubble's id from dunst (it keeps it in its state file): a restart
# before dunst even answered would test nothing.
state_file=$home/.local/state/agendad/state
knows_bubble() { grep -q '^bubble .*call-with-vienna' "$state_file"; }
wait_for 10 knows_bubble || fail "agendad did not keep the open bubble's id in $state_file"
bubble_id=$(awk '/^bubble .*call-with-vienna/ { print $2; exit }' "$state_file")
displayed=$(as_alice dunstctl count displayed)
as_alice systemctl --user restart agendad.service || fail "restart"
took_over() { journal | grep -q 'took over 1 bubble of the previous run'; }
wait_for 10 took_over || fail "the new agendad did not take over the open bubble"
[ "$(as_alice dunstctl count displayed)" -ge 1 ] || fail "the restart closed the open bubble"
# dunst 1.9 sends ActionInvoked only to the connection that made the bubble (a unicast signal),
# which died with the old agendad: the new one sends the bubble again in its place
# (replaces_id = its id), quietly, and so becomes its maker.
# The replaces_id of each Notify of it (dbus-monitor prints app_name, replaces_id, icon, summary).
replaces_ids() {
    awk '/member=Notify/ { n = 0; on = 1; next }
         on { n++ } on && n == 2 { id = $2 }
         on && n == 4 { if (/"Call with Vienna"/) print id; on = 0 }' "$log/notify.log"
}
resent() { replaces_ids | grep -qx "$bubble_id"; }
wait_for 10 resent ||
    { cat "$log/notify.log"; fail "the bubble was not sent again with replaces_id $bubble_id"; }
grep -q 'string "suppress-sound"' "$log/notify.log" || fail "the re-sent bubble may play a sound"
[ "$(as_alice dunstctl count displayed)" -eq "$displayed" ] || fail "the re-send made a new bubble"
echo "ok: a restart closed nothing; the new agendad took over bubble $bubble_id and sent it again"
# Its Dismiss, chosen from dunst's context menu, now reaches the new agendad.
echo "dismiss" >"$home/pick-word"
: >"$home/picked"
as_alice dunstctl context || fail "dunstctl context"
wait_for 5 test -s "$home/picked" || fail "dunst did not ask the scripted dmenu"
echo "info: dunst offered and dmenu picked: $(cat "$home/picked")"
dismissed() { journal | grep -q 'dismissed \[call-with-vienna'; }
wait_for 10 dismissed || fail "Dismiss on the bubble of the previous run reached no one"
echo "ok: Dismiss on the bubble of the previous run: $(journal | grep -m1 'dismissed \[call-with')"
as_alice dunstctl close-all

# --- 7. Pause and resume --------------------------------------------------------------------------------------
as_alice agendactl pause 1h >"$log/pause" 2>&1 || { cat "$log/pause"; fail "agendactl pause"; }
as_alice agendactl status | grep -qi 'paused' || fail "status does not say paused"
as_alice agendactl next --format waybar | grep -q '"class": *"paused"' ||
    fail "waybar does not show the pause"
as_alice agendactl resume >"$log/resume" 2>&1 || { cat "$log/resume"; fail "agendactl resume"; }
as_alice agendactl status | grep -qi 'paused' && fail "still paused after resume"
echo "ok: paused and resumed"

# --- 8. The log of what was shown ---------------------------------------------------------------------------
as_alice agendactl log >"$log/history" 2>&1 || { cat "$log/history"; fail "agendactl log"; }
grep -q 'Budget review' "$log/history" || { cat "$log/history"; fail "the log lacks the reminder"; }
grep -qi 'snooze' "$log/history" || { cat "$log/history"; fail "the log lacks the snooze"; }
grep -q 'dismissed.*Call with Vienna' "$log/history" ||
    { cat "$log/history"; fail "the log lacks the dismissal"; }
echo "ok: agendactl log: $(wc -l <"$log/history") lines"

as_alice systemctl --user stop agendad.service
[ "$(as_alice systemctl --user show -P Result agendad.service)" = success ] ||
    fail "agendad did not stop cleanly"
failed=0
echo "PASS"
