# tests/: Check unit tests per module (TAP, one line per test) and
# end-to-end tests of the command (TAP shell scripts).
