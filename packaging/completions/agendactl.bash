# bash completion for agendactl(1)                                  -*- shell-script -*-

_agendactl_event_ids()
{
    # Event ids from the schedule, read with agendactl itself (no daemon needed).
    agendactl upcoming --days 30 --json 2>/dev/null |
        sed -n 's/.*"id": *"\([^"]*\)".*/\1/p' | sort -u
}

_agendactl()
{
    local cur prev words cword
    _init_completion || return

    local commands="check upcoming status next reload snooze dismiss watch log pause resume export
        import add edit"
    local command="" i
    for ((i = 1; i < cword; i++)); do
        if [[ " $commands " == *" ${words[i]} "* ]]; then
            command=${words[i]}
            break
        fi
    done

    if [[ -z $command ]]; then
        COMPREPLY=($(compgen -W "$commands --help --version" -- "$cur"))
        return
    fi

    case $prev in
        -f | --file)
            _filedir toml
            return
            ;;
        -o | --output)
            _filedir ics
            return
            ;;
        --vdir)
            _filedir -d
            return
            ;;
        --duration | --remind | --timezone | --repeat)
            return
            ;;
        --format)
            COMPREPLY=($(compgen -W "text json waybar" -- "$cur"))
            return
            ;;
        --from | --until)
            [[ $command == pause ]] && return
            COMPREPLY=($(compgen -W "now" -- "$cur"))
            return
            ;;
        --since)
            COMPREPLY=($(compgen -W "1h 1d 7d" -- "$cur"))
            return
            ;;
        --days)
            return
            ;;
    esac

    case $command in
        check) COMPREPLY=($(compgen -W "-f --file --help" -- "$cur")) ;;
        upcoming)
            COMPREPLY=($(compgen -W "-f --file --from --until --days --json --help" -- "$cur"))
            ;;
        next) COMPREPLY=($(compgen -W "--format --follow --help" -- "$cur")) ;;
        log) COMPREPLY=($(compgen -W "--missed --since --json --help" -- "$cur")) ;;
        pause)
            if [[ $cur == -* ]]; then
                COMPREPLY=($(compgen -W "--until --help" -- "$cur"))
            else
                COMPREPLY=($(compgen -W "30m 1h 2h" -- "$cur"))
            fi
            ;;
        export) COMPREPLY=($(compgen -W "-f --file -o --output --vdir --help" -- "$cur")) ;;
        import)
            if [[ $cur == -* ]]; then
                COMPREPLY=($(compgen -W "-f --file --append --help" -- "$cur"))
            else
                _filedir ics
            fi
            ;;
        add)
            COMPREPLY=($(compgen -W "-f --file --duration --remind --timezone --repeat --help" \
                -- "$cur"))
            ;;
        edit) COMPREPLY=($(compgen -W "-f --file --help" -- "$cur")) ;;
        snooze | dismiss)
            if [[ $cur == -* ]]; then
                COMPREPLY=($(compgen -W "--help" -- "$cur"))
            elif [[ $prev == "$command" ]]; then
                COMPREPLY=($(compgen -W "$(_agendactl_event_ids)" -- "$cur"))
            elif [[ $command == snooze ]]; then
                COMPREPLY=($(compgen -W "5m 10m 15m 30m 1h until-start" -- "$cur"))
            fi
            ;;
        *) COMPREPLY=($(compgen -W "--help" -- "$cur")) ;;
    esac
} &&
    complete -F _agendactl agendactl

# ex: filetype=sh
