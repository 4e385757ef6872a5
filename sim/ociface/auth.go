package ociface

import (
	"crypto"
	"crypto/md5"
	"crypto/rand"
	"crypto/rsa"
	"crypto/sha256"
	"crypto/x509"
	"encoding/base64"
	"encoding/pem"
	"errors"
	"fmt"
	"net/http"
	"slices"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/oracle/oci-go-sdk/v65/common"
)

// The identity of the test key: a tenancy and a user that exist nowhere.
const (
	TestTenancy = "ocid1.tenancy.oc1..aaaaaaaasimulatedtenancy"
	TestUser    = "ocid1.user.oc1..aaaaaaaasimulateduser"
)

var testKey = sync.OnceValue(func() *rsa.PrivateKey {
	k, err := rsa.GenerateKey(rand.Reader, 2048)
	if err != nil {
		panic("ociface: generating the test key: " + err.Error())
	}
	return k
})

// TestKey returns the process's test API signing key: a 2048-bit RSA key
// generated on first use. Every Server trusts it as user TestUser of its
// world's tenancy.
func TestKey() *rsa.PrivateKey { return testKey() }

// TestKeyID returns the keyId ("tenancy/user/fingerprint") of TestKey as
// user TestUser of TestTenancy: what ConfigProvider signs with, trusted by a
// Server whose world's tenancy is TestTenancy.
func TestKeyID() string { return KeyID(TestTenancy, TestUser, &TestKey().PublicKey) }

// KeyID returns OCI's keyId of an API key: "tenancy/user/fingerprint".
func KeyID(tenancy, user string, pub *rsa.PublicKey) string {
	return tenancy + "/" + user + "/" + Fingerprint(pub)
}

// Fingerprint returns OCI's fingerprint of an API public key: the MD5 of its
// DER (PKIX) encoding, as colon-separated hex pairs.
func Fingerprint(pub *rsa.PublicKey) string {
	der, err := x509.MarshalPKIXPublicKey(pub)
	if err != nil {
		panic("ociface: marshalling a public key: " + err.Error())
	}
	sum := md5.Sum(der)
	parts := make([]string, len(sum))
	for i, b := range sum {
		parts[i] = fmt.Sprintf("%02x", b)
	}
	return strings.Join(parts, ":")
}

// PrivateKeyPEM encodes a private key as the PKCS#1 PEM block OCI config
// files and common.NewRawConfigurationProvider read.
func PrivateKeyPEM(k *rsa.PrivateKey) string {
	return string(pem.EncodeToMemory(&pem.Block{Type: "RSA PRIVATE KEY", Bytes: x509.MarshalPKCS1PrivateKey(k)}))
}

// ConfigProvider returns a configuration provider that signs with key as
// user TestUser of tenancy TestTenancy, in region (the region only names the
// client's default endpoint: point the client at a Server with
// ociclient.WithEndpoint). A Server trusts TestKey so only for a world made
// with sim.WithTenancy(TestTenancy); Server.ConfigProvider fits any world.
func ConfigProvider(key *rsa.PrivateKey, region string) common.ConfigurationProvider {
	return tenancyConfigProvider(TestTenancy, key, region)
}

// tenancyConfigProvider signs with key as user TestUser of tenancy.
func tenancyConfigProvider(tenancy string, key *rsa.PrivateKey, region string) common.ConfigurationProvider {
	return common.NewRawConfigurationProvider(tenancy, TestUser, region, Fingerprint(&key.PublicKey), PrivateKeyPEM(key), nil)
}

// maxBody bounds the request bodies the face reads.
const maxBody = 1 << 20

// signature is a parsed Authorization: Signature header.
type signature struct {
	keyID, algorithm, version string
	headers                   []string
	sig                       []byte
}

// parseSignature parses `Signature version="1",headers="...",keyId="...",
// algorithm="rsa-sha256",signature="..."`.
func parseSignature(h string) (signature, error) {
	rest, ok := strings.CutPrefix(h, "Signature ")
	if !ok {
		return signature{}, errors.New("the Authorization header is not an HTTP signature")
	}
	params := map[string]string{}
	for rest = strings.TrimSpace(rest); rest != ""; {
		name, after, ok := strings.Cut(rest, "=")
		if !ok || !strings.HasPrefix(after, `"`) {
			return signature{}, errors.New("malformed signature parameters")
		}
		end := strings.IndexByte(after[1:], '"')
		if end < 0 {
			return signature{}, errors.New("malformed signature parameters")
		}
		params[strings.TrimSpace(name)] = after[1 : 1+end]
		rest = strings.TrimLeft(after[2+end:], ", ")
	}
	s := signature{keyID: params["keyId"], algorithm: params["algorithm"], version: params["version"],
		headers: strings.Fields(strings.ToLower(params["headers"]))}
	if s.keyID == "" || params["signature"] == "" {
		return signature{}, errors.New("the signature has no keyId or no signature")
	}
	var err error
	if s.sig, err = base64.StdEncoding.DecodeString(params["signature"]); err != nil {
		return signature{}, errors.New("the signature is not base64")
	}
	return s, nil
}

// bodyMethod reports whether a method's requests sign their body (as the
// SDK's default signer does).
func bodyMethod(m string) bool {
	return m == http.MethodPost || m == http.MethodPut || m == http.MethodPatch
}

// verify checks a request's signature as OCI does for API keys
// (draft-cavage-http-signatures, rsa-sha256): the signing string is built
// from the signed headers exactly as the SDK's signer builds it, "date",
// "(request-target)" and "host" must be signed, and for a request with a
// body also "content-length", "content-type" and "x-content-sha256", which
// must match the body received. The Date must be within maxSkew of now.
func verify(r *http.Request, body []byte, keys func(keyID string) (*rsa.PublicKey, error), maxSkew time.Duration) error {
	auth := r.Header.Get("Authorization")
	if auth == "" {
		return errors.New("the request is not signed (no Authorization header)")
	}
	s, err := parseSignature(auth)
	if err != nil {
		return err
	}
	if s.algorithm != "rsa-sha256" || (s.version != "" && s.version != "1") {
		return fmt.Errorf("unsupported signature algorithm %q version %q", s.algorithm, s.version)
	}
	pub, err := keys(s.keyID)
	if err != nil {
		return err
	}
	need := []string{"date", "(request-target)", "host"}
	if bodyMethod(r.Method) {
		need = append(need, "content-length", "content-type", "x-content-sha256")
	}
	for _, h := range need {
		if !slices.Contains(s.headers, h) {
			return fmt.Errorf("the signature does not cover the %q header", h)
		}
	}
	date, err := http.ParseTime(r.Header.Get("Date"))
	if err != nil {
		return errors.New("the Date header is missing or malformed")
	}
	if skew := time.Since(date); skew > maxSkew || skew < -maxSkew {
		return fmt.Errorf("the Date header is %s away from the server's clock", skew.Round(time.Second))
	}
	if bodyMethod(r.Method) {
		sum := sha256.Sum256(body)
		if r.Header.Get("X-Content-Sha256") != base64.StdEncoding.EncodeToString(sum[:]) {
			return errors.New("x-content-sha256 does not match the body")
		}
		if contentLength(r) != strconv.Itoa(len(body)) {
			return errors.New("content-length does not match the body")
		}
	}
	lines := make([]string, len(s.headers))
	for i, h := range s.headers {
		var v string
		switch h {
		case "(request-target)":
			v = strings.ToLower(r.Method) + " " + r.RequestURI
		case "host":
			v = r.Host
		case "content-length":
			v = contentLength(r)
		default:
			v = r.Header.Get(h)
		}
		lines[i] = h + ": " + v
	}
	digest := sha256.Sum256([]byte(strings.Join(lines, "\n")))
	if err := rsa.VerifyPKCS1v15(pub, crypto.SHA256, digest[:], s.sig); err != nil {
		return errors.New("the signature does not verify against the key")
	}
	return nil
}

// contentLength is the Content-Length the client sent.
func contentLength(r *http.Request) string {
	if v := r.Header.Get("Content-Length"); v != "" {
		return v
	}
	return strconv.FormatInt(max(r.ContentLength, 0), 10)
}
