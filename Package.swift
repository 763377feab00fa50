// swift-tools-version: 6.0
import PackageDescription

// The design card says `packages: none`: Foundation, Dispatch and the test libraries only.
let package = Package(
    name: "Gauntlet",
    platforms: [.macOS(.v15)],
    products: [
        .library(name: "AgentCore", targets: ["AgentCore"]),
        .library(name: "Gauntlet", targets: ["Gauntlet"]),
        .executable(name: "gauntlet", targets: ["gauntlet"]),
    ],
    targets: [
        .target(name: "AgentCore"),
        .target(name: "Gauntlet", dependencies: ["AgentCore"]),
        .executableTarget(name: "gauntlet", dependencies: ["Gauntlet", "AgentCore"]),
        .testTarget(name: "AgentCoreTests", dependencies: ["AgentCore"]),
        .testTarget(name: "GauntletTests", dependencies: ["Gauntlet", "AgentCore"]),
        .testTarget(name: "GauntletCLITests", dependencies: ["gauntlet"], exclude: ["Fixtures", "Golden"]),
    ],
    swiftLanguageModes: [.v6]
)
