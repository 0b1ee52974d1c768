// PLACEHOLDER: storage seam, file framing, checksums, compression.
public enum StorageFormat { public static let version = 1 }
