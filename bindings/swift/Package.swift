// swift-tools-version:5.9
// The govcred Swift package: UniFFI-generated sources (Sources/Govcred, committed and checked
// for drift by `cargo test --test uniffi_bindings`) over the Rust library packed as an
// XCFramework. Build govcredFFI.xcframework first (README.md), then `swift test` on macOS.
import PackageDescription

let package = Package(
    name: "Govcred",
    platforms: [.iOS(.v13), .macOS(.v10_15)],
    products: [
        .library(name: "Govcred", targets: ["Govcred"]),
    ],
    targets: [
        // Static libgovcred for each Apple platform + Headers/ (govcredFFI.h, module.modulemap).
        .binaryTarget(name: "govcredFFI", path: "govcredFFI.xcframework"),
        .target(name: "Govcred", dependencies: ["govcredFFI"], path: "Sources/Govcred"),
        .testTarget(name: "GovcredTests", dependencies: ["Govcred"], path: "Tests/GovcredTests"),
    ]
)
