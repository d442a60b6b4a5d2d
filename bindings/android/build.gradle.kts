// The govcred Android library (AAR): the UniFFI Kotlin bindings of ../kotlin, libgovcred.so
// for each ABI under src/main/jniLibs (written by scripts/build-android.sh), JNA as an Android
// archive, and consumer R8 rules. Not built by this repository's CI: no Android SDK or NDK
// is installed there. On a machine with both:
//   scripts/build-android.sh            # cargo-ndk → bindings/android/src/main/jniLibs/<abi>/
//   cd bindings/android && gradle assembleRelease
// or include this folder as a module of an app (settings.gradle.kts: include(":govcred"),
// project(":govcred").projectDir = file("path/to/govcred/bindings/android")).
plugins {
    id("com.android.library") version "8.7.3"
    id("org.jetbrains.kotlin.android") version "2.1.0"
}

group = "cn.govcred"
// The crate's version (Cargo.toml); tests/versions.rs fails when they differ.
version = "0.1.0"

android {
    namespace = "cn.govcred"
    compileSdk = 35

    defaultConfig {
        // JNA 5.17's AAR declares no minSdkVersion and its libjnidispatch.so imports only
        // long-standing bionic symbols; Rust's Android targets need API 19 (32-bit) and
        // 64-bit ABIs exist from API 21. UniFFI's Kotlin uses java.lang.ref.Cleaner on
        // API 33+ and JNA's own cleaner below. See bindings/android/README.md.
        minSdk = 21
        consumerProguardFiles("consumer-rules.pro")
    }

    sourceSets["main"].apply {
        kotlin.srcDir("../kotlin/src/main/kotlin")
        jniLibs.srcDir("src/main/jniLibs")
    }

    compileOptions {
        sourceCompatibility = JavaVersion.VERSION_1_8
        targetCompatibility = JavaVersion.VERSION_1_8
    }

    packaging {
        // Ship libgovcred.so uncompressed and page-aligned in the APK, as Android 15's 16 KB
        // page-size devices load it in place (the library itself is linked with
        // -z max-page-size=16384 by scripts/build-android.sh).
        jniLibs.useLegacyPackaging = false
    }
}

kotlin {
    jvmToolchain(17)
    compilerOptions { jvmTarget.set(org.jetbrains.kotlin.gradle.dsl.JvmTarget.JVM_1_8) }
}

dependencies {
    // The Android archive carries libjnidispatch.so for every ABI (16 KB aligned in 5.17).
    implementation("net.java.dev.jna:jna:5.17.0@aar")
}
