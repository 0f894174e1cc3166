module github.com/scrubs/scrubs

go 1.26.8

require (
	github.com/mailru/easyjson v0.9.2
	github.com/syumai/workers v0.32.0
)

require (
	github.com/josharian/intern v1.0.0 // indirect
	github.com/tetratelabs/wazero v1.12.0 // indirect
	golang.org/x/sys v0.44.0 // indirect
)
