package diskstore

// The audit log on disk: DIR/audit.jsonl, one JSON object a line, only
// ever appended to (O_APPEND) and synced before AppendAudit returns. A
// line cut short by a crash was never acknowledged: it is cut off when the
// store opens, so the next entry starts on a line of its own.

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"time"

	"github.com/scrubs/scrubs/server/packserver"
)

var _ packserver.AuditLog = (*Store)(nil)

type auditLine struct {
	Seq    uint64    `json:"seq"`
	Time   time.Time `json:"time"`
	Actor  string    `json:"actor"`
	Action string    `json:"action"`
	Target string    `json:"target,omitempty"`
	Detail string    `json:"detail,omitempty"`
}

func (s *Store) auditName() string { return filepath.Join(s.dir, "audit.jsonl") }

// loadAudit reads the log into memory (it is small: admin actions) and
// opens it for appending.
func (s *Store) loadAudit() error {
	f, err := os.OpenFile(s.auditName(), os.O_RDWR|os.O_CREATE|os.O_APPEND, 0o600)
	if err != nil {
		return err
	}
	data, err := os.ReadFile(s.auditName())
	if err != nil {
		f.Close()
		return err
	}
	if i := bytes.LastIndexByte(data, '\n'); i+1 < len(data) {
		s.logf("store: %s ends in an incomplete entry (a crash while writing it); cut off", s.auditName())
		if err := f.Truncate(int64(i + 1)); err != nil {
			f.Close()
			return err
		}
		data = data[:i+1]
	}
	sc := bufio.NewScanner(bytes.NewReader(data))
	sc.Buffer(nil, 1<<20)
	for n := 1; sc.Scan(); n++ {
		var l auditLine
		if err := json.Unmarshal(sc.Bytes(), &l); err != nil {
			f.Close()
			return fmt.Errorf("%s:%d: %v", s.auditName(), n, err)
		}
		s.audit = append(s.audit, packserver.AuditEntry{Seq: l.Seq, Time: l.Time, Actor: l.Actor, Action: l.Action, Target: l.Target, Detail: l.Detail})
	}
	s.auditFile = f
	return sc.Err()
}

func (s *Store) AppendAudit(ctx context.Context, e packserver.AuditEntry) error {
	s.auditMu.Lock()
	defer s.auditMu.Unlock()
	e.Seq = uint64(len(s.audit)) + 1
	if n := len(s.audit); n > 0 {
		e.Seq = s.audit[n-1].Seq + 1
	}
	line, err := json.Marshal(auditLine{Seq: e.Seq, Time: e.Time.UTC(), Actor: e.Actor, Action: e.Action, Target: e.Target, Detail: e.Detail})
	if err != nil {
		return err
	}
	if _, err := s.auditFile.Write(append(line, '\n')); err != nil {
		return err
	}
	if err := s.auditFile.Sync(); err != nil {
		return err
	}
	s.audit = append(s.audit, e)
	return nil
}

func (s *Store) AuditEntries(ctx context.Context, since time.Time) ([]packserver.AuditEntry, error) {
	s.auditMu.Lock()
	defer s.auditMu.Unlock()
	return packserver.NewestFirst(s.audit, since), nil
}
