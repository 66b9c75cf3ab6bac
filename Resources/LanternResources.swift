import Foundation
public enum LanternResources { public static var bundle: Bundle { Bundle.module } }
