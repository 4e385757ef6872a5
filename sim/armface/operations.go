package armface

import (
	"errors"
	"fmt"
	"net/http"

	"github.com/Azure/azure-sdk-for-go/sdk/azcore/to"
	"github.com/Azure/azure-sdk-for-go/sdk/resourcemanager/network/armnetwork/v9"

	"github.com/azoci/interconnect/azure"
	"github.com/azoci/interconnect/internal/simworld"
)

// opKind is what an operation does.
type opKind int

const (
	opPut opKind = iota + 1
	opDelete
	opList // an ARP or route table POST; its answer is kept
	// opFailoverStart and opFailoverStop are the start and stop of a
	// gateway's failover test (failover.go); their answer is kept for the
	// Location poll once they succeed.
	opFailoverStart
	opFailoverStop
)

// operation is one long-running operation the face handed out a URL for.
// Its status is not stored: it is read from the world when polled, as ARM
// reads its operation store.
type operation struct {
	id       string
	kind     opKind
	resource string // ARM ID (opPut, opDelete; the gateway's for a failover operation)
	result   []byte // the answer (opList; a failover operation's once it succeeded)
	testID   string // the failover test (opFailoverStart, opFailoverStop)
}

// canceled is the status of an operation another one overtook; azcore
// treats it as a failure.
const canceled armnetwork.NetworkOperationStatus = "Canceled"

// newID returns a fresh GUID-shaped identifier (a counter, so runs repeat).
func (s *Server) newID() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.seq++
	return fmt.Sprintf("00000000-0000-4000-8000-%012x", s.seq)
}

func (s *Server) newOp(kind opKind, resource string, result []byte) *operation {
	op := &operation{id: s.newID(), kind: kind, resource: resource, result: result}
	s.mu.Lock()
	defer s.mu.Unlock()
	s.ops[op.id] = op
	return op
}

func (s *Server) op(id string) (*operation, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if op := s.ops[id]; op != nil {
		return op, nil
	}
	return nil, &azure.Error{Op: "GetOperation", Resource: id, StatusCode: http.StatusNotFound, Code: "OperationNotFound",
		Message: fmt.Sprintf("The operation '%s' was not found.", id)}
}

// status reads an operation's status from the world, and why it failed.
func (s *Server) status(op *operation) (armnetwork.NetworkOperationStatus, *azure.Error) {
	switch op.kind {
	case opList:
		return armnetwork.NetworkOperationStatusSucceeded, nil
	case opFailoverStart, opFailoverStop:
		return s.failoverStatus(op)
	}
	state, err := simworld.Of(s.w).AzureResourceState(op.resource)
	gone := errors.Is(err, azure.ErrNotFound)
	switch {
	case op.kind == opDelete && gone:
		return armnetwork.NetworkOperationStatusSucceeded, nil
	case gone:
		return armnetwork.NetworkOperationStatusFailed, &azure.Error{StatusCode: http.StatusNotFound, Code: "ResourceNotFound",
			Message: fmt.Sprintf("Resource %s was deleted before its operation ended.", op.resource)}
	case err != nil:
		return armnetwork.NetworkOperationStatusFailed, &azure.Error{StatusCode: http.StatusInternalServerError,
			Code: "InternalServerError", Message: "An error occurred."}
	case state == azure.Failed:
		var e *azure.Error
		if !errors.As(simworld.Of(s.w).AzureOperationError(op.resource), &e) {
			e = &azure.Error{StatusCode: http.StatusInternalServerError, Code: "InternalServerError", Message: "The operation failed."}
		}
		return armnetwork.NetworkOperationStatusFailed, e
	case op.kind == opPut && state == azure.Updating, op.kind == opDelete && state == azure.Deleting:
		return armnetwork.NetworkOperationStatusInProgress, nil
	case op.kind == opPut && state == azure.Succeeded:
		return armnetwork.NetworkOperationStatusSucceeded, nil
	}
	return canceled, &azure.Error{StatusCode: http.StatusConflict, Code: "Canceled",
		Message: fmt.Sprintf("The operation on %s was canceled by a later operation (the resource is %s).", op.resource, state)}
}

// serveOpStatus answers an Azure-AsyncOperation poll with
// armnetwork.AzureAsyncOperationResult: always 200, the status in the body.
func (s *Server) serveOpStatus(rw http.ResponseWriter, rt route) {
	op, err := s.op(rt.opID)
	if err != nil {
		writeError(rw, err)
		return
	}
	st, failure := s.status(op)
	res := armnetwork.AzureAsyncOperationResult{Status: to.Ptr(st)}
	if failure != nil {
		res.Error = &armnetwork.Error{Code: to.Ptr(failure.Code), Message: to.Ptr(failure.Message)}
	}
	if st == armnetwork.NetworkOperationStatusInProgress {
		s.retryAfter(rw)
	}
	writeJSON(rw, http.StatusOK, res)
}

// serveOpResult answers a Location poll: 202 while in progress, then the
// result (200 with the table for a POST, 204 for a DELETE), or the failure's
// status with an ARM error body.
func (s *Server) serveOpResult(rw http.ResponseWriter, r *http.Request, rt route) {
	op, err := s.op(rt.opID)
	if err != nil {
		writeError(rw, err)
		return
	}
	if op.kind == opList {
		rw.Header().Set("Content-Type", "application/json; charset=utf-8")
		rw.WriteHeader(http.StatusOK)
		_, _ = rw.Write(op.result)
		return
	}
	switch st, failure := s.status(op); {
	case st == armnetwork.NetworkOperationStatusInProgress:
		rw.Header().Set("Location", baseURL(r)+r.URL.RequestURI())
		s.retryAfter(rw)
		rw.WriteHeader(http.StatusAccepted)
	case failure != nil:
		writeARMError(rw, failure.StatusCode, failure.Code, failure.Message)
	case op.result != nil:
		rw.Header().Set("Content-Type", "application/json; charset=utf-8")
		rw.WriteHeader(http.StatusOK)
		_, _ = rw.Write(op.result)
	default:
		rw.WriteHeader(http.StatusNoContent)
	}
}
