# fish completion for agendad(1)

complete -c agendad -s f -l file -r -F -d 'Schedule file'
complete -c agendad -s v -l verbose -d 'Log debugging detail too'
complete -c agendad -l version -d 'Show the version'
complete -c agendad -s h -l help -d 'Show help'
