// swift-tools-version:5.9
// The govcred Swift package, usable by URL:
//   .package(url: "https://github.com/govcred/govcred", from: "0.1.0")  →  product "Govcred"
// Sources: the UniFFI-generated bindings (bindings/swift/Sources/Govcred, checked for drift by
// `cargo test --test uniffi_bindings`) over the Rust library as a binary XCFramework.
//
// A release tag sets `xcframeworkURL` and `xcframeworkChecksum` to the zipped XCFramework
// attached to that release (scripts/build-xcframework.sh builds the zip, prints
// `swift package compute-checksum` of it and rewrites the two lines). With an empty checksum,
// as on the main branch between releases, the package uses a locally built
// bindings/swift/govcredFFI.xcframework instead. This repository's CI does not compile
// Swift (no macOS/Xcode machine); see bindings/swift/README.md.
import PackageDescription

let xcframeworkURL = ""
let xcframeworkChecksum = ""

let ffi: Target = xcframeworkChecksum.isEmpty
    ? .binaryTarget(name: "govcredFFI", path: "bindings/swift/govcredFFI.xcframework")
    : .binaryTarget(name: "govcredFFI", url: xcframeworkURL, checksum: xcframeworkChecksum)

let package = Package(
    name: "Govcred",
    platforms: [.iOS(.v13), .macOS(.v10_15)],
    products: [
        .library(name: "Govcred", targets: ["Govcred"]),
    ],
    targets: [
        ffi,
        .target(name: "Govcred", dependencies: ["govcredFFI"], path: "bindings/swift/Sources/Govcred"),
        .testTarget(name: "GovcredTests", dependencies: ["Govcred"], path: "bindings/swift/Tests/GovcredTests"),
    ]
)
