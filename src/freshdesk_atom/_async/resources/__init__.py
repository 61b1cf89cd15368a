"""The async resources: one class per Freshdesk resource."""
