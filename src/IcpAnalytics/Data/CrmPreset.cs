namespace IcpAnalytics.Data;

/// <summary>The CRM an export comes from: its column names are tried first when the parts of a deal are inferred (<see cref="DealColumnMap.Preset"/>).</summary>
public enum CrmPreset
{
    /// <summary>No CRM: the common names only.</summary>
    None,

    /// <summary>Salesforce opportunity reports and Data Loader exports (Opportunity ID, Account ID, Opportunity Owner, Stage, Amount, Close Date, Created Date).</summary>
    Salesforce,

    /// <summary>HubSpot deal exports (Record ID, Associated Company, Deal owner, Deal Stage, Amount, Close Date, Create Date).</summary>
    HubSpot,

    /// <summary>Pipedrive deal exports (Deal - ID, Deal - Organization, Deal - Owner, Deal - Status, Deal - Value, Deal - Won time, Deal - Deal created).</summary>
    Pipedrive,

    /// <summary>Dynamics 365 opportunity exports (Opportunity, Potential Customer, Owner, Status, Actual Revenue, Actual Close Date, Created On).</summary>
    Dynamics,
}

/// <summary>The column names each CRM preset tries first, per part of a deal.</summary>
internal static class CrmPresets
{
    public static string[] Names(CrmPreset preset, string role) => (preset, role) switch
    {
        (CrmPreset.Salesforce, "deal id") => ["Opportunity ID", "OpportunityId", "Opportunity Id", "Id"],
        (CrmPreset.Salesforce, "account") => ["Account ID", "AccountId", "Account Name"],
        (CrmPreset.Salesforce, "rep") => ["Opportunity Owner", "Owner", "OwnerId", "Owner Name"],
        (CrmPreset.Salesforce, "close date") => ["Close Date", "CloseDate"],
        (CrmPreset.Salesforce, "outcome") => ["Stage", "StageName"],
        (CrmPreset.Salesforce, "revenue") => ["Amount", "Expected Revenue"],
        (CrmPreset.Salesforce, "created date") => ["Created Date", "CreatedDate"],
        (CrmPreset.Salesforce, "gross margin") => ["Gross Margin", "Gross_Margin__c", "Margin__c"],
        (CrmPreset.Salesforce, "discount") => ["Discount", "Discount__c"],
        (CrmPreset.HubSpot, "deal id") => ["Record ID", "Deal ID", "hs_object_id"],
        (CrmPreset.HubSpot, "account") => ["Associated Company", "Associated Company ID", "Company ID", "Company name"],
        (CrmPreset.HubSpot, "rep") => ["Deal owner", "HubSpot Owner", "hubspot_owner_id"],
        (CrmPreset.HubSpot, "close date") => ["Close Date", "closedate"],
        (CrmPreset.HubSpot, "outcome") => ["Deal Stage", "dealstage"],
        (CrmPreset.HubSpot, "revenue") => ["Amount", "amount_in_home_currency"],
        (CrmPreset.HubSpot, "created date") => ["Create Date", "createdate"],
        (CrmPreset.Pipedrive, "deal id") => ["Deal - ID", "ID"],
        (CrmPreset.Pipedrive, "account") => ["Deal - Organization", "Organization", "org_id"],
        (CrmPreset.Pipedrive, "rep") => ["Deal - Owner", "Owner", "user_id"],
        (CrmPreset.Pipedrive, "close date") => ["Deal - Won time", "Deal - Close time", "close_time", "won_time"],
        (CrmPreset.Pipedrive, "outcome") => ["Deal - Status", "status"],
        (CrmPreset.Pipedrive, "revenue") => ["Deal - Value", "value"],
        (CrmPreset.Pipedrive, "created date") => ["Deal - Deal created", "add_time"],
        (CrmPreset.Dynamics, "deal id") => ["Opportunity", "Opportunity ID", "opportunityid"],
        (CrmPreset.Dynamics, "account") => ["Potential Customer", "Account", "customerid"],
        (CrmPreset.Dynamics, "rep") => ["Owner", "ownerid"],
        (CrmPreset.Dynamics, "close date") => ["Actual Close Date", "actualclosedate", "Est. Close Date"],
        (CrmPreset.Dynamics, "outcome") => ["Status", "statecode", "Status Reason"],
        (CrmPreset.Dynamics, "revenue") => ["Actual Revenue", "actualvalue", "Est. Revenue", "estimatedvalue"],
        (CrmPreset.Dynamics, "created date") => ["Created On", "createdon"],
        _ => [],
    };
}
