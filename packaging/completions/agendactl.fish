# fish completion for agendactl(1)

set -l commands check upcoming status next reload snooze dismiss watch log pause resume export import add edit

function __agendactl_event_ids
    agendactl upcoming --days 30 --json 2>/dev/null | string match -r -g '"id": *"([^"]*)"' | sort -u
end

complete -c agendactl -f
complete -c agendactl -n "not __fish_seen_subcommand_from $commands" -l version -d 'Show the version'
complete -c agendactl -n "not __fish_seen_subcommand_from $commands" -s h -l help -d 'Show help'

complete -c agendactl -n "not __fish_seen_subcommand_from $commands" -a check -d 'Check the schedule file and summarize it'
complete -c agendactl -n "not __fish_seen_subcommand_from $commands" -a upcoming -d 'List the coming reminders'
complete -c agendactl -n "not __fish_seen_subcommand_from $commands" -a status -d 'Whether agendad runs, its file, next reminder, last error'
complete -c agendactl -n "not __fish_seen_subcommand_from $commands" -a next -d 'Show the next reminder'
complete -c agendactl -n "not __fish_seen_subcommand_from $commands" -a reload -d 'Reload the schedule now'
complete -c agendactl -n "not __fish_seen_subcommand_from $commands" -a snooze -d 'Remind of an event again later'
complete -c agendactl -n "not __fish_seen_subcommand_from $commands" -a dismiss -d 'No more reminders for this occurrence'
complete -c agendactl -n "not __fish_seen_subcommand_from $commands" -a watch -d 'Print reminders as agendad announces them'
complete -c agendactl -n "not __fish_seen_subcommand_from $commands" -a log -d 'What was shown, missed, snoozed and dismissed'
complete -c agendactl -n "not __fish_seen_subcommand_from $commands" -a pause -d 'Do not disturb until then'
complete -c agendactl -n "not __fish_seen_subcommand_from $commands" -a resume -d 'End the pause; show what it held'

complete -c agendactl -n "__fish_seen_subcommand_from check upcoming" -s f -l file -r -F -d 'Schedule file'
complete -c agendactl -n "__fish_seen_subcommand_from upcoming" -l from -x -a now -d 'Start: RFC 3339 date-time or now'
complete -c agendactl -n "__fish_seen_subcommand_from upcoming" -l until -x -a now -d 'End: RFC 3339 date-time or now'
complete -c agendactl -n "__fish_seen_subcommand_from upcoming" -l days -x -d 'Days after --from'
complete -c agendactl -n "__fish_seen_subcommand_from upcoming" -l json -d 'One JSON object a line'
complete -c agendactl -n "__fish_seen_subcommand_from next" -l format -x -a 'text json waybar' -d 'Output format'
complete -c agendactl -n "__fish_seen_subcommand_from next" -l follow -d 'Print a new line whenever the answer changes'
complete -c agendactl -n "__fish_seen_subcommand_from snooze dismiss; and test (count (commandline -opc)) -eq 2" -a '(__agendactl_event_ids)' -d 'Event id'
complete -c agendactl -n "__fish_seen_subcommand_from snooze; and test (count (commandline -opc)) -eq 3" -a '5m 10m 15m 30m 1h' -d 'Span'
complete -c agendactl -n "__fish_seen_subcommand_from log" -l missed -d 'Only the missed reminders'
complete -c agendactl -n "__fish_seen_subcommand_from log" -l since -x -a '1h 1d 7d' -d 'From a span back, a date or a date-time'
complete -c agendactl -n "__fish_seen_subcommand_from log" -l json -d 'One JSON object a line'
complete -c agendactl -n "__fish_seen_subcommand_from pause; and test (count (commandline -opc)) -eq 2" -a '30m 1h 2h' -d 'Span'
complete -c agendactl -n "__fish_seen_subcommand_from pause" -l until -x -d 'Until a time (14:00), a date or a date-time'

# The commands that write files.
complete -c agendactl -n "not __fish_seen_subcommand_from $commands" -a export -d 'Write the schedule as iCalendar'
complete -c agendactl -n "not __fish_seen_subcommand_from $commands" -a import -d 'Print an .ics file as [[event]] tables'
complete -c agendactl -n "not __fish_seen_subcommand_from $commands" -a add -d 'Add one event to the schedule'
complete -c agendactl -n "not __fish_seen_subcommand_from $commands" -a edit -d 'Edit the schedule; saved only when it reads clean'
complete -c agendactl -n "__fish_seen_subcommand_from export import add edit" -s f -l file -r -F -d 'Schedule file'
complete -c agendactl -n "__fish_seen_subcommand_from export" -s o -l output -r -F -d 'An .ics file'
complete -c agendactl -n "__fish_seen_subcommand_from export" -l vdir -x -a '(__fish_complete_directories)' -d 'A folder: one UID.ics per event'
complete -c agendactl -n "__fish_seen_subcommand_from import" -F -d 'iCalendar file'
complete -c agendactl -n "__fish_seen_subcommand_from import" -l append -d 'Append the events to the schedule'
complete -c agendactl -n "__fish_seen_subcommand_from add" -l duration -x -d 'How long, e.g. 1h30m'
complete -c agendactl -n "__fish_seen_subcommand_from add" -l remind -x -d 'Lead times, e.g. 1d,1h'
complete -c agendactl -n "__fish_seen_subcommand_from add" -l timezone -x -d 'IANA zone of WHEN'
complete -c agendactl -n "__fish_seen_subcommand_from add" -l repeat -x -d 'An RRULE'
