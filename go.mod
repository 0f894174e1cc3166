module github.com/scrubs/scrubs

go 1.26.8

require (
	filippo.io/age v1.3.2
	github.com/mailru/easyjson v0.9.2
	github.com/syumai/workers v0.32.0
	github.com/tetratelabs/wazero v1.12.0
	golang.org/x/crypto v0.59.0
)

require (
	filippo.io/edwards25519 v1.2.0 // indirect
	filippo.io/hpke v0.4.0 // indirect
	filippo.io/nistec v0.0.4 // indirect
	github.com/josharian/intern v1.0.0 // indirect
	golang.org/x/net v0.62.0 // indirect
	golang.org/x/sys v0.50.0 // indirect
	golang.org/x/term v0.48.0 // indirect
	golang.org/x/text v0.44.0 // indirect
)

tool (
	filippo.io/age/cmd/age
	filippo.io/age/cmd/age-keygen
)
