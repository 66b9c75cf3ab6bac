import Foundation

/// Lantern's data files: rule packs, page templates, styles and scripts, the OpenAPI
/// document. Kept as files (not code) so they can be read and reviewed as data.
public enum LanternResources {
    /// The bundle SwiftPM builds beside the executable.
    public static var bundle: Bundle { Bundle.module }

    /// A top-level resource (file or folder), e.g. `url(for: "templates")`.
    public static func url(for name: String) -> URL? {
        bundle.resourceURL?.appendingPathComponent(name)
    }

    /// The bytes of a resource file, e.g. `data(at: "static/lantern.css")`.
    public static func data(at path: String) -> Data? {
        guard let url = bundle.resourceURL?.appendingPathComponent(path) else { return nil }
        return FileManager.default.contents(atPath: url.path)
    }
}
