# Prints a go.mod's replace directives as single `replace` lines, minus those pointing at a
# relative path (../sdk inside the pulumi repository): go does not apply a dependency's
# replaces, so a module built from pulumi's must repeat them. Used by install-pulumi-cli.sh
# and gen-sdks.sh.
{ line = "" }
/^replace[[:space:]]*\($/ { inblock = 1; next }
inblock && /^[[:space:]]*\)/ { inblock = 0; next }
inblock { line = $0 }
!inblock && /^replace[[:space:]]/ { line = $0; sub(/^replace[[:space:]]+/, "", line) }
line ~ /=>/ && line !~ /^[[:space:]]*\/\// {
	split(line, parts, "=>"); target = parts[2]; gsub(/^[[:space:]]+/, "", target)
	if (target !~ /^\.\.?\//) { gsub(/^[[:space:]]+/, "", line); print "replace " line }
}
