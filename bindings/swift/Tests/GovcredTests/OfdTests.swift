// The shared OFD corpus (tests/vectors/ofd/), run as tests/ofd_corpus.rs runs it: every
// EXPECTED.tsv row verified under the corpus's trust (the peer/ root pinned for peer/ files,
// no root for ofdrw/ files) at the same `now`, giving outcomes.tsv's codes for the document
// and each signature, with a JSON view that says the same; through the Swift bindings.

import Foundation
import XCTest
@testable import Govcred

private let ofdDir: URL = {
    var url = URL(fileURLWithPath: #filePath)
    // Tests/GovcredTests/OfdTests.swift -> bindings/swift -> repository root
    for _ in 0..<5 { url.deleteLastPathComponent() }
    return url.appendingPathComponent("tests/vectors/ofd")
}()

/// tests/ofd_corpus.rs's NOW.
private let ofdNow: Int64 = 1_800_000_000
private let peerRoot = "peer/certs/root.cert.pem"
private let sesv4SignDoc = "ofdrw/ofdrw-reader__SESV4SignDoc.ofd"
private let digitalSign = "ofdrw/ofdrw-sign__DigitalSign.ofd"

private func readOfd(_ name: String) throws -> Data {
    try Data(contentsOf: ofdDir.appendingPathComponent(name))
}

private func rows(_ name: String) throws -> [[String]] {
    let text = try String(contentsOf: ofdDir.appendingPathComponent(name), encoding: .utf8)
    return text.split(separator: "\n", omittingEmptySubsequences: true).dropFirst()
        .map { $0.split(separator: "\t", omittingEmptySubsequences: false).map(String.init) }
}

private func verifyOfd(_ file: String, roots: [String] = [], certs: [String] = []) throws -> OfdVerdict {
    let v = OfdVerifier()
    for r in roots { try v.addRoot(cert: readOfd(r)) }
    for c in certs { try v.addCert(cert: readOfd(c)) }
    return v.verify(ofd: try readOfd(file), now: ofdNow)
}

final class OfdTests: XCTestCase {
    func testEveryExpectedTsvRowGivesItsOutcome() throws {
        let expected = try rows("EXPECTED.tsv")
        let outcomes = try rows("outcomes.tsv")
        XCTAssertEqual(expected.count, 23)
        XCTAssertEqual(expected.map { $0[0] }, outcomes.map { $0[0] })
        for (row, outcome) in zip(expected, outcomes) {
            let file = row[0], want = row[1]
            let wantSigs = outcome[2].split(separator: ",").map(String.init)
            let v = try verifyOfd(file, roots: file.hasPrefix("peer/") ? [peerRoot] : [])
            XCTAssertEqual(v.code.vectorName, outcome[1], "\(file): \(v.message)")
            XCTAssertEqual(v.signatures.map { $0.code.vectorName }, wantSigs, file)
            XCTAssertEqual(v.passed, outcome[1] == "Ok", file)
            XCTAssertEqual(v.passed, v.code == .ok, file)
            // The corpus's own words, where they are checkable by outcome.
            if want == "VALID" {
                XCTAssertTrue(["Ok", "UntrustedCertificate"].contains(v.code.vectorName) || file == sesv4SignDoc, file)
            } else if want == "NOT SIGNED" {
                XCTAssertEqual(v.code, .notSigned, file)
            } else if want.hasPrefix("INVALID") {
                XCTAssertFalse(v.passed, file)
            }
            // The JSON view is the library's and says the same.
            let j = try XCTUnwrap(JSONSerialization.jsonObject(with: Data(v.json.utf8)) as? [String: Any])
            XCTAssertEqual(j["passed"] as? Bool, v.passed, file)
            XCTAssertEqual((j["code"] as? NSNumber)?.int32Value, v.code.rawValue, file)
            XCTAssertEqual(j["code_name"] as? String, v.code.vectorName, file)
            XCTAssertEqual(j["message"] as? String, v.message, file)
            XCTAssertTrue(j["license"] is NSNull, file)
            let js = try XCTUnwrap(j["signatures"] as? [[String: Any]])
            XCTAssertEqual(js.count, v.signatures.count, file)
            for (s, o) in zip(v.signatures, js) {
                XCTAssertEqual(o["id"] as? String, s.id, file)
                XCTAssertEqual(o["type"] as? String, s.kind, file)
                XCTAssertEqual(o["format"] as? String, s.format, file)
                XCTAssertEqual((o["code"] as? NSNumber)?.int32Value, s.code.rawValue, file)
                XCTAssertEqual(o["code_name"] as? String, s.code.vectorName, file)
                XCTAssertEqual(o["signer"] as? String, s.signer, file)
                XCTAssertEqual(o["seal_name"] as? String, s.sealName, file)
                XCTAssertEqual(o["time_source"] as? String, s.timeSource, file)
                XCTAssertEqual(o["signed_at"] is NSNull, s.signedAt == nil, file)
            }
        }
    }

    func testThePeerSealReportsItsParts() throws {
        let v = try verifyOfd("peer/seal-v4.ofd", roots: [peerRoot])
        XCTAssertTrue(v.passed, v.message)
        let s = v.signatures[0]
        XCTAssertEqual(s.id, "s001")
        XCTAssertEqual(s.kind, "seal")
        XCTAssertEqual(s.format, "ses-v4")
        XCTAssertEqual(s.sealName, "govcred 测试专用章 v4")
        XCTAssertTrue(s.signer?.contains("govcred Test Signer") ?? false)
        XCTAssertNotNil(s.signedAt)
        XCTAssertEqual(s.leniencies, [])
        XCTAssertEqual(try verifyOfd("peer/seal-v4.ofd").code, .untrustedCertificate)
    }

    func testSesv4SignDocPostdatesItsSeal() throws {
        let s = try verifyOfd(sesv4SignDoc).signatures[0]
        XCTAssertEqual(s.code, .sealNotValid)
        XCTAssertEqual(s.signedAt, 1_785_809_289)
        XCTAssertEqual(s.timeSource, "asserted")
    }

    func testDigitalSignIsValidOnlyWithItsCertificate() throws {
        let v = try verifyOfd(digitalSign, certs: ["ofdrw/keys/ofdrw-sign__USER.cert.pem"])
        XCTAssertTrue(v.passed, v.message)
        XCTAssertEqual(v.signatures[0].format, "sm2")
        XCTAssertEqual(try verifyOfd(digitalSign, certs: ["peer/certs/signer.cert.pem"]).code, .signatureInvalid)
    }

    func testARefusedDocumentIsAVerdictAndABadCertificateThrows() throws {
        let v = OfdVerifier()
        for data in [Data(), Data("PK".utf8)] {
            let verdict = v.verify(ofd: data, now: ofdNow)
            XCTAssertFalse(verdict.passed)
            XCTAssertEqual(verdict.code, .badOfd)
            XCTAssertTrue(verdict.signatures.isEmpty)
        }
        let notCert = Data([0x30, 0x02, 0x05, 0x00])
        XCTAssertThrowsError(try v.addRoot(cert: notCert)) { e in
            guard case GovcredError.Failed(let code, _) = e else { return XCTFail("\(e)") }
            XCTAssertEqual(code, .badCertificate)
        }
        XCTAssertThrowsError(try v.addCert(cert: Data("not a cert".utf8))) { e in
            guard case GovcredError.Failed(let code, _) = e else { return XCTFail("\(e)") }
            XCTAssertEqual(code, .badPem)
        }
        XCTAssertEqual(v.verify(ofd: try readOfd("peer/seal-v4.ofd"), now: ofdNow).code, .untrustedCertificate)
    }
}
