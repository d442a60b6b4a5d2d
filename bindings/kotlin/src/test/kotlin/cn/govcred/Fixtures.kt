package cn.govcred

import com.google.gson.JsonObject
import com.google.gson.JsonParser
import java.io.File

/** Paths to the shared vectors and examples (surefire passes them), and small helpers. */
internal object Fixtures {
    val vectors = File(System.getProperty("govcred.vectors.dir") ?: "../../tests/vectors")
    val examples = File(System.getProperty("govcred.examples.dir") ?: "../../examples")

    /** 2026-11-22T00:00:00Z, the time the verifier vectors are verified at. */
    const val NOW = 1_795_305_600L

    fun hex(text: String): ByteArray {
        require(text.length % 2 == 0) { "odd hex length" }
        return ByteArray(text.length / 2) { i -> text.substring(2 * i, 2 * i + 2).toInt(16).toByte() }
    }

    fun ByteArray.toHex(): String = joinToString("") { "%02x".format(it) }

    fun json(text: String): JsonObject = JsonParser.parseString(text).asJsonObject

    /** The code of a thrown binding error. */
    fun codeOf(block: () -> Unit): ErrorCode {
        try {
            block()
        } catch (e: GovcredException.Failed) {
            return e.code
        }
        throw AssertionError("expected a GovcredException")
    }

    /**
     * The binding's code for a name as the vectors spell it (`SignatureInvalid` is
     * `ErrorCode.SIGNATURE_INVALID`): the vectors are compared by name.
     */
    fun errorCode(name: String): ErrorCode =
        ErrorCode.valueOf(name.replace(Regex("(?<=[a-z0-9])(?=[A-Z])"), "_").uppercase())

    /** A vector's stable number, for the codes whose vectors give only the number. */
    fun errorCode(number: Int): ErrorCode = ErrorCode.values().single { it.value == number }

    data class Case(val name: String, val bundle: String, val expected: ErrorCode, val code: Int, val now: Long, val qr: String)

    fun verifierCases(): List<Case> =
        File(vectors, "verifier/cases.jsonl").readLines().filter { it.isNotBlank() }.map {
            val o = json(it)
            Case(
                o["name"].asString,
                o["bundle"].asString,
                errorCode(o["expected"].asString),
                o["expected_code"].asInt,
                o["now"].asLong,
                o["qr"].asString,
            )
        }

    /** The pinned roots and the named bundles of setup.json, each loaded or the error it raised. */
    fun verifierSetup(policy: Policy = Policy()): Map<String, Result<Verifier>> {
        val setup = json(File(vectors, "verifier/setup.json").readText())
        val roots = setup["roots"].asJsonArray.map { Sm2PublicKey.fromBytes(hex(it.asString)) }
        return setup["bundles"].asJsonObject.entrySet().associate { (name, bundleHex) ->
            name to runCatching {
                TrustBundle.load(hex(bundleHex.asString), roots).use { Verifier(it, policy) }
            }
        }
    }
}
