// The shared vectors of every govcred door, run through the Swift bindings.
// The vectors are read from the repository checkout (tests/vectors), located from this file.

import Foundation
import XCTest
@testable import Govcred

private let repoRoot: URL = {
    var url = URL(fileURLWithPath: #filePath)
    // Tests/GovcredTests/VectorsTests.swift -> bindings/swift -> repository root
    for _ in 0..<5 { url.deleteLastPathComponent() }
    return url
}()

private let vectors = repoRoot.appendingPathComponent("tests/vectors")

/// 2026-11-22T00:00:00Z, the time the verifier vectors are verified at.
private let now: Int64 = 1_795_305_600

private func hex(_ text: String) -> Data {
    var data = Data(capacity: text.count / 2)
    var index = text.startIndex
    while index < text.endIndex {
        let next = text.index(index, offsetBy: 2)
        data.append(UInt8(text[index..<next], radix: 16)!)
        index = next
    }
    return data
}

private func toHex(_ data: Data) -> String {
    data.map { String(format: "%02x", $0) }.joined()
}

private func lines(_ relative: String) throws -> [String] {
    let text = try String(contentsOf: vectors.appendingPathComponent(relative), encoding: .utf8)
    return text.split(separator: "\n", omittingEmptySubsequences: true).map(String.init)
}

private struct Setup: Decodable {
    let roots: [String]
    let bundles: [String: String]
}

private struct Case: Decodable {
    let name: String
    let bundle: String
    let expected: String
    let expected_code: Int32
    let now: Int64
    let qr: String
}

extension ErrorCode {
    /// The name as the vectors spell it (`SignatureInvalid` for `.signatureInvalid`): the
    /// vectors are compared by name.
    var vectorName: String {
        let s = String(describing: self)
        return s.prefix(1).uppercased() + s.dropFirst()
    }
}

/// The code a throwing call failed with, or nil if it did not throw.
private func codeOf(_ body: () throws -> Void) -> ErrorCode? {
    do {
        try body()
        return nil
    } catch GovcredError.Failed(let code, _) {
        return code
    } catch {
        return nil
    }
}

final class VectorsTests: XCTestCase {
    private func cases() throws -> [Case] {
        try lines("verifier/cases.jsonl").map { try JSONDecoder().decode(Case.self, from: Data($0.utf8)) }
    }

    /// Each named bundle loaded into a Verifier, or the code loading it failed with.
    private func verifiers(policy: Policy = Policy()) throws -> [String: Result<Verifier, GovcredError>] {
        let data = try Data(contentsOf: vectors.appendingPathComponent("verifier/setup.json"))
        let setup = try JSONDecoder().decode(Setup.self, from: data)
        let roots = try setup.roots.map { try Sm2PublicKey.fromBytes(bytes: hex($0)) }
        var out: [String: Result<Verifier, GovcredError>] = [:]
        for (name, bundleHex) in setup.bundles {
            do {
                let bundle = try TrustBundle.load(bytes: hex(bundleHex), roots: roots)
                out[name] = .success(try Verifier(bundle: bundle, policy: policy))
            } catch let error as GovcredError {
                out[name] = .failure(error)
            }
        }
        return out
    }

    func testVerifierVectors() throws {
        let verifiers = try verifiers()
        let cases = try cases()
        XCTAssertGreaterThanOrEqual(cases.count, 20)
        for c in cases {
            let code: ErrorCode
            switch verifiers[c.bundle]! {
            case .success(let verifier):
                let verdict = verifier.verify(qr: c.qr, now: c.now)
                XCTAssertEqual(verdict.passed, verdict.code == .ok, c.name)
                XCTAssertEqual(verdict.code.vectorName, c.expected, c.name)
                code = verdict.code
            case .failure(.Failed(let failed, _)):
                code = failed
            }
            XCTAssertEqual(code.vectorName, c.expected, c.name)
            // The enum carries the stable numbers of the one table.
            XCTAssertEqual(code.rawValue, c.expected_code, c.name)
        }
    }

    func testVerdictCarriesTheCredential() throws {
        guard case .success(let verifier) = try verifiers()["default"]! else {
            return XCTFail("default bundle did not load")
        }
        let byName = Dictionary(uniqueKeysWithValues: try cases().map { ($0.name, $0) })
        let license = verifier.verify(qr: byName["valid-license"]!.qr, now: now)
        XCTAssertTrue(license.passed)
        XCTAssertEqual(license.kind, .license)
        XCTAssertNotNil(license.issuer)
        XCTAssertTrue(license.credentialJson!.contains("\"type\":\"license\""))

        let yellow = byName["refused-health-code-yellow"]!
        XCTAssertEqual(verifier.verify(qr: yellow.qr, now: now).code, .colorNotAccepted)
        guard case .success(let lenient) = try verifiers(policy: Policy(acceptedColors: [.green, .yellow]))["default"]! else {
            return XCTFail("default bundle did not load")
        }
        XCTAssertEqual(lenient.verify(qr: yellow.qr, now: now).code, .ok)
    }

    func testSm3AndTheSm2StandardVector() throws {
        XCTAssertEqual(toHex(sm3(data: Data("abc".utf8))),
                       "66c7f0f462eeedd9d1f2d46bdc10e4e24167c4875cf2f7a2297da02b8f4ba8e0")
        var v: [String: String] = [:]
        for line in try lines("sm2/valid-gbt32918-5-recommended-curve.txt") where !line.hasPrefix("#") {
            let parts = line.split(separator: "=", maxSplits: 1).map { $0.trimmingCharacters(in: .whitespaces) }
            if parts.count == 2 { v[parts[0]] = parts[1] }
        }
        let msg = Data(v["msg_ascii"]!.utf8)
        let pair = try Sm2KeyPair.fromBytes(bytes: hex(v["d"]!))
        let key = pair.publicKey()
        XCTAssertEqual(key.toBytes(), hex("04" + v["px"]! + v["py"]!))
        let raw = hex(v["r"]! + v["s"]!)
        XCTAssertTrue(try key.verify(message: msg, signature: raw, id: Data(v["id_ascii"]!.utf8), format: .raw))
        XCTAssertFalse(try key.verify(message: Data("message digesT".utf8), signature: raw, id: nil, format: .raw))
        XCTAssertTrue(try key.verify(message: msg, signature: try pair.sign(message: msg)))
        XCTAssertEqual(codeOf { _ = try key.verify(message: msg, signature: Data([0x30, 0x00])) }, .badSignatureEncoding)
    }

    func testIdentifierVectors() throws {
        let checks: [String: (String) throws -> String] = [
            "uscc": { try checkUscc(code: $0) },
            "resident_id": { try checkResidentId(id: $0) },
            "license_id": { try checkLicenseId(id: $0) },
        ]
        var seen = 0
        for file in ["ids/valid.txt", "ids/invalid.txt"] {
            for line in try lines(file) where !line.hasPrefix("#") {
                let parts = line.split(separator: " ").map(String.init)
                guard parts.count >= 3, let check = checks[parts[0]], let expected = Int32(parts[2]) else { continue }
                if expected == 0 {
                    XCTAssertEqual(try check(parts[1]), parts[3] == "-" ? parts[1] : parts[3], line)
                } else {
                    XCTAssertEqual(codeOf { _ = try check(parts[1]) }?.rawValue, expected, line)
                }
                seen += 1
            }
        }
        XCTAssertGreaterThanOrEqual(seen, 40)
    }
}
