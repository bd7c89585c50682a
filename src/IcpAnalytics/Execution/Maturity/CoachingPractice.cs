namespace IcpAnalytics.Execution.Maturity;

/// <summary>The coaching practices the maturity questionnaire asks about (one question each, answered on a 1–5 scale).</summary>
public enum CoachingPractice
{
    /// <summary>"Our sales-coaching process is defined and written down." (CSV key: process_defined)</summary>
    ProcessDefined,

    /// <summary>"Managers are trained and developed as coaches." (CSV key: coaches_developed)</summary>
    CoachesDeveloped,

    /// <summary>"Coaching is monitored and its effect measured." (CSV key: coaching_monitored)</summary>
    CoachingMonitored,

    /// <summary>"Coaching is connected to sales enablement (content, training, onboarding)." (CSV key: connected_to_enablement)</summary>
    ConnectedToEnablement,

    /// <summary>"Managers are measured and paid on their coaching." (CSV key: managers_measured_and_paid)</summary>
    ManagersMeasuredAndPaid,

    /// <summary>"Coaching covers every area: leads and opportunities, skills and behaviours, the funnel, accounts and territories." (CSV key: coaching_areas; optional)</summary>
    CoachingAreas,

    /// <summary>"Managers coach with tools: call recordings, deal and funnel analytics, a coaching app." (CSV key: coaching_technology; optional)</summary>
    CoachingTechnology,
}
