// The shared certificate and CMS vectors (tests/vectors/x509/chains.jsonl and
// tests/vectors/cms/cases.jsonl), run as tests/x509_vectors.rs and tests/cms_vectors.rs run
// them, and a sign -> verify round trip, through the Swift bindings.

import Foundation
import XCTest
@testable import Govcred

private let vectorsDir: URL = {
    var url = URL(fileURLWithPath: #filePath)
    // Tests/GovcredTests/CertificateCmsTests.swift -> bindings/swift -> repository root
    for _ in 0..<5 { url.deleteLastPathComponent() }
    return url.appendingPathComponent("tests/vectors")
}()

private let x509Dir = vectorsDir.appendingPathComponent("x509")
private let cmsDir = vectorsDir.appendingPathComponent("cms")

private func read(_ dir: URL, _ name: String) throws -> Data {
    try Data(contentsOf: dir.appendingPathComponent(name))
}

private func jsonl<T: Decodable>(_ url: URL, as: T.Type) throws -> [T] {
    let text = try String(contentsOf: url, encoding: .utf8)
    return try text.split(separator: "\n", omittingEmptySubsequences: true)
        .map { try JSONDecoder().decode(T.self, from: Data($0.utf8)) }
}

private func certs(_ names: String) throws -> [Certificate] {
    try names.split(separator: " ").map { try Certificate.decode(input: read(x509Dir, String($0))) }
}

/// The code a throwing call failed with, `.ok` when it did not throw, nil for another error.
private func codeOrOk(_ body: () throws -> Void) -> ErrorCode? {
    do {
        try body()
        return .ok
    } catch GovcredError.Failed(let code, _) {
        return code
    } catch {
        return nil
    }
}

private struct ChainCase: Decodable {
    let name: String
    let leaf: String
    let chain: String
    let roots: String
    let now: Int64
    let usage: String
    let expected: String
    let expected_code: Int32
}

private struct CmsCase: Decodable {
    let name: String
    let sig: String
    let content: String
    let certs: String
    let roots: String
    let now: Int64
    let expected: String
    let expected_code: Int32
}

final class CertificateCmsTests: XCTestCase {
    private func runChain(_ c: ChainCase) throws -> [Certificate] {
        let verifier = try CertVerifier(roots: certs(c.roots))
        let chain = try certs(c.chain)
        let leaf = try Certificate.decode(input: read(x509Dir, c.leaf))
        return try verifier.verify(leaf: leaf, intermediates: chain, now: c.now,
                                   purpose: c.usage == "sign" ? .signing : .any)
    }

    private func runCms(_ c: CmsCase) throws -> CmsVerdict {
        let verifier = try CertVerifier(roots: certs(c.roots))
        let content = c.content.isEmpty ? nil : try read(cmsDir, c.content)
        return try cmsVerify(signature: read(cmsDir, c.sig), verifier: verifier, now: c.now,
                             content: content, extraCerts: certs(c.certs))
    }

    private func cmsCase(_ name: String) throws -> CmsVerdict {
        let all = try jsonl(cmsDir.appendingPathComponent("cases.jsonl"), as: CmsCase.self)
        return try runCms(all.first { $0.name == name }!)
    }

    func testChainVectors() throws {
        let cases = try jsonl(x509Dir.appendingPathComponent("chains.jsonl"), as: ChainCase.self)
        XCTAssertGreaterThanOrEqual(cases.count, 30)
        for c in cases {
            let code = codeOrOk { _ = try runChain(c) }
            XCTAssertEqual(code?.vectorName, c.expected, c.name)
            XCTAssertEqual(code?.rawValue, c.expected_code, c.name)
        }
        let ok = try runChain(cases.first { $0.name == "ok-signer-4-level" }!)
        XCTAssertEqual(ok.count, 4)
        for (child, parent) in zip(ok, ok.dropFirst()) {
            XCTAssertEqual(child.issuer(), parent.subject())
        }
    }

    func testSignerFields() throws {
        let der = try read(x509Dir, "ok-signer.der")
        let c = try Certificate.decode(input: der)
        XCTAssertEqual(c.toDer(), der)
        XCTAssertEqual(c.serialHex(), "009a8b7c6d5e4f30211203")
        XCTAssertEqual(c.notBefore(), 1_577_836_800)
        XCTAssertEqual(c.notAfter(), 2_524_607_999)
        XCTAssertFalse(c.isCa())
        XCTAssertTrue(c.subject().contains("Govcred Test Signer"))
        let inter = try Certificate.decode(input: read(x509Dir, "ok-intermediate.pem"))
        XCTAssertEqual(c.authorityKeyIdHex(), inter.subjectKeyIdHex())
        XCTAssertTrue(c.toJson().contains("\"serial\":\"009a8b7c6d5e4f30211203\""))
        XCTAssertEqual(codeOrOk { _ = try Certificate.decode(input: read(x509Dir, "unsupported-rsa-2048-selfsigned.pem")) }, .unsupportedAlgorithm)
        XCTAssertEqual(codeOrOk { _ = try CertVerifier(roots: []) }, .invalidArgument)
    }

    func testCmsVectors() throws {
        let cases = try jsonl(cmsDir.appendingPathComponent("cases.jsonl"), as: CmsCase.self)
        XCTAssertGreaterThanOrEqual(cases.count, 30)
        for c in cases {
            let v = try runCms(c)
            XCTAssertEqual(v.passed, v.code == .ok, c.name)
            XCTAssertEqual(v.code.vectorName, c.expected, c.name)
            XCTAssertEqual(v.code.rawValue, c.expected_code, c.name)
        }
        let expired = try cmsCase("ok-expired-signer-signing-time-in-validity")
        XCTAssertEqual(expired.timeSource, .signingTime)
        XCTAssertEqual(expired.timeUsed, 1_590_969_600)
        let noAttrs = try cmsCase("ok-attached-pkcs7-noattrs-isn")
        XCTAssertEqual(noAttrs.timeSource, .now)
        XCTAssertNil(noAttrs.signingTime)
        XCTAssertEqual(noAttrs.content, try read(cmsDir, "content.txt"))
        XCTAssertEqual(try cmsCase("ok-detached-gbt-attrs-unsorted").leniencies, ["unsorted_signed_attributes"])
    }

    func testSignThenVerify() throws {
        let key = try Sm2KeyPair.fromPem(pem: String(contentsOf: x509Dir.appendingPathComponent("keys/signer.key.pem"), encoding: .utf8))
        let both = try certs("ok-signer.pem ok-intermediate.pem")
        let verifier = try CertVerifier(roots: certs("ok-root.pem"))
        let content = Data("电子证照 content".utf8)
        let p7 = try cmsSign(content: content, key: key, cert: both[0], signingTime: 1_767_225_600, chain: [both[1]], oids: .pkcs7)
        let v = cmsVerify(signature: p7, verifier: verifier, now: 1_900_000_000, content: content)
        XCTAssertTrue(v.passed, v.message)
        XCTAssertEqual(v.timeUsed, 1_767_225_600)
        XCTAssertEqual(v.outerType, "1.2.840.113549.1.7.2")
        XCTAssertEqual(v.chain.count, 3)
        XCTAssertEqual(cmsVerify(signature: p7, verifier: verifier, now: 0, content: content + Data("!".utf8)).code, .contentDigestMismatch)
        let missing = cmsVerify(signature: p7, verifier: verifier, now: 0)
        XCTAssertEqual(missing.code, .invalidArgument)
    }
}
