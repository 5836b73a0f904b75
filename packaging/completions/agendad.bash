# bash completion for agendad(1)                                    -*- shell-script -*-

_agendad()
{
    local cur prev words cword
    _init_completion || return

    case $prev in
        -f | --file)
            _filedir toml
            return
            ;;
    esac
    COMPREPLY=($(compgen -W "-f --file -v --verbose --version --help" -- "$cur"))
} &&
    complete -F _agendad agendad

# ex: filetype=sh
