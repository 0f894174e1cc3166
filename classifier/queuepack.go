package classifier

import (
	"fmt"
	"strings"
	"unicode"
	"unicode/utf8"
)

// Queue is the pack's section for "Ask the privacy officer": who may read
// a draft staff send for approval, and how long it waits. The extension
// encrypts a request to every officer's key here and to no other, so the
// keys are the organisation's signed word; rotating them is a pack push.
// Without a queue section (or with no officers) the extension offers no
// approval.
//
//easyjson:json
type Queue struct {
	Officers []Officer `json:"officers"`
	// ExpiryDays is how long a request waits before its ciphertext is
	// deleted, in days: DefaultQueueExpiryDays when 0.
	ExpiryDays int `json:"expiry_days,omitempty"`
}

// Officer is one privacy officer who reads the queue: a name staff and
// the audit log see, and an age X25519 public key ("age1...", from
// `scrubs age keygen`, `age-keygen` or the /admin page).
//
//easyjson:json
type Officer struct {
	Name string `json:"name"`
	Key  string `json:"key"`
}

// Queue limits.
const (
	DefaultQueueExpiryDays = 14
	MaxQueueExpiryDays     = 90
	MaxOfficers            = 10
	MaxOfficerNameBytes    = 100
)

// Expiry is the number of days a request waits.
func (q *Queue) Expiry() int {
	if q == nil || q.ExpiryDays == 0 {
		return DefaultQueueExpiryDays
	}
	return q.ExpiryDays
}

// Keys lists the officers' keys, in the pack's order.
func (q *Queue) Keys() []string {
	if q == nil {
		return nil
	}
	out := make([]string, len(q.Officers))
	for i, o := range q.Officers {
		out[i] = o.Key
	}
	return out
}

// Officer returns the officer whose key is key.
func (q *Queue) Officer(key string) (Officer, bool) {
	if q != nil {
		for _, o := range q.Officers {
			if o.Key == key {
				return o, true
			}
		}
	}
	return Officer{}, false
}

func (v *validator) queue(q *Queue) {
	if len(q.Officers) > MaxOfficers {
		v.add("queue.officers", "has %d officers; at most %d", len(q.Officers), MaxOfficers)
	}
	if q.ExpiryDays < 0 || q.ExpiryDays > MaxQueueExpiryDays {
		v.add("queue.expiry_days", "is %d; must be between 1 and %d (0 or absent: %d)", q.ExpiryDays, MaxQueueExpiryDays, DefaultQueueExpiryDays)
	}
	keys, names := map[string]int{}, map[string]int{}
	for i, o := range q.Officers {
		path := fmt.Sprintf("queue.officers[%d]", i)
		switch name := strings.TrimSpace(o.Name); {
		case name == "":
			v.add(path+".name", "is required")
		case len(o.Name) > MaxOfficerNameBytes:
			v.add(path+".name", "is %d bytes; at most %d", len(o.Name), MaxOfficerNameBytes)
		case !utf8.ValidString(o.Name) || strings.IndexFunc(o.Name, unicode.IsControl) >= 0:
			v.add(path+".name", "must be one line of UTF-8 text")
		default:
			if j, dup := names[name]; dup {
				v.add(path+".name", "%q is also queue.officers[%d].name", name, j)
			}
			names[name] = i
		}
		if err := CheckAgeRecipient(o.Key); err != nil {
			v.add(path+".key", "%v", err)
			continue
		}
		if j, dup := keys[o.Key]; dup {
			v.add(path+".key", "is also queue.officers[%d].key", j)
		}
		keys[o.Key] = i
	}
}

// CheckAgeRecipient says whether s is an age X25519 recipient: "age1"
// and the Bech32 encoding (lowercase, checksum correct) of 32 bytes. It
// is the check filippo.io/age's ParseX25519Recipient makes, done here
// without linking age into everything that reads packs.
func CheckAgeRecipient(s string) error {
	if strings.HasPrefix(s, "AGE-SECRET-KEY-") {
		return fmt.Errorf("is an age secret key; the pack takes the public key (age1...), never the secret one")
	}
	if !strings.HasPrefix(s, "age1") {
		return fmt.Errorf("%q is not an age public key (age1...)", truncate(s, 20))
	}
	hrp, data, err := bech32Decode(s)
	if err != nil || hrp != "age" || len(data) != 32 {
		return fmt.Errorf("%q is not an age X25519 public key (a mistyped or cut key?)", truncate(s, 20))
	}
	return nil
}

// bech32Decode decodes BIP 173 Bech32 (age's encoding of keys), lowercase
// only, with no length limit, as age's own decoder.
func bech32Decode(s string) (string, []byte, error) {
	const charset = "qpzry9x8gf2tvdw0s3jn54khce6mua7l"
	if strings.ToLower(s) != s {
		return "", nil, fmt.Errorf("not lowercase")
	}
	pos := strings.LastIndexByte(s, '1')
	if pos < 1 || pos+7 > len(s) {
		return "", nil, fmt.Errorf("separator misplaced")
	}
	hrp := s[:pos]
	for i := 0; i < len(hrp); i++ {
		if hrp[i] < 33 || hrp[i] > 126 {
			return "", nil, fmt.Errorf("bad prefix")
		}
	}
	values := make([]byte, 0, len(s)-pos-1)
	for i := pos + 1; i < len(s); i++ {
		d := strings.IndexByte(charset, s[i])
		if d < 0 {
			return "", nil, fmt.Errorf("bad character")
		}
		values = append(values, byte(d))
	}
	// checksum over the expanded prefix and the data
	chk := uint32(1)
	poly := func(v byte) {
		gen := [5]uint32{0x3b6a57b2, 0x26508e6d, 0x1ea119fa, 0x3d4233dd, 0x2a1462b3}
		top := chk >> 25
		chk = (chk&0x1ffffff)<<5 ^ uint32(v)
		for i := 0; i < 5; i++ {
			if (top>>i)&1 == 1 {
				chk ^= gen[i]
			}
		}
	}
	for i := 0; i < len(hrp); i++ {
		poly(hrp[i] >> 5)
	}
	poly(0)
	for i := 0; i < len(hrp); i++ {
		poly(hrp[i] & 31)
	}
	for _, v := range values {
		poly(v)
	}
	if chk != 1 {
		return "", nil, fmt.Errorf("bad checksum")
	}
	// 5-bit groups to bytes, no padding left over
	values = values[:len(values)-6]
	var out []byte
	acc, bits := uint32(0), uint(0)
	for _, v := range values {
		acc = acc<<5 | uint32(v)
		bits += 5
		for bits >= 8 {
			bits -= 8
			out = append(out, byte(acc>>bits))
		}
	}
	if bits >= 5 || acc&(1<<bits-1) != 0 {
		return "", nil, fmt.Errorf("bad padding")
	}
	return hrp, out, nil
}
