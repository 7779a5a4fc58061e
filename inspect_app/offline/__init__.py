"""The offline app: its pages, the service worker and manifest, and the phone's device token."""
